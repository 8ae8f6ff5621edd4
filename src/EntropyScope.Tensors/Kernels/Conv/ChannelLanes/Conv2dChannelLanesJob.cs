namespace EntropyScope.Tensors.Kernels;

/// <summary>Per-worker buffers of the channel-lanes path.</summary>
internal sealed class ChannelLanesScratch
{
    public readonly AlignedBuffer Padded = new();
    public readonly AlignedBuffer Transposed = new();
    public readonly AlignedBuffer Partial = new();
    public readonly AlignedBuffer Staging = new();
}

/// <summary>One threaded call of the channel-lanes path (<see cref="Conv2dChannelLanes"/>).</summary>
internal abstract unsafe class Conv2dChannelLanesJob : ChunkedImageJob<ChannelLanesScratch>
{
    /// <summary>Rows and columns of a zero-padded input plane.</summary>
    protected int PaddedHeight => G.Height + 2 * G.Pad;
    protected int PaddedWidth => G.Width + 2 * G.Pad;
    protected int PaddedPlane => PaddedHeight * PaddedWidth;
    protected int PaddedImageSize => G.InChannels * PaddedPlane;

    protected void Prepare(in Conv2dGeometry g, int batch, int workers) => PrepareBatch(g, batch, workers);

    /// <summary>
    /// Images [n0, n0 + images) zero-padded, per image [ci][H + 2·pad][W + 2·pad]: tap (ci, ky, kx) of output (oy, ox) is
    /// at ci·plane + (oy + ky)·Wp + ox + kx, so one output row's taps are one contiguous run per tap.
    /// </summary>
    protected float* PaddedChunk(ChannelLanesScratch s, float* input, int n0, int images)
    {
        int pad = G.Pad, wp = PaddedWidth, h = G.Height, w = G.Width, plane = PaddedPlane;
        long size = (long)images * PaddedImageSize;
        float* padded = s.Padded.Get(size);
        new Span<float>(padded, (int)size).Clear();
        for (int i = 0; i < images; i++)
        {
            float* src = input + (long)(n0 + i) * G.InputImageSize;
            float* dst = padded + (long)i * PaddedImageSize + pad * wp + pad;
            for (int ci = 0; ci < G.InChannels; ci++, src += h * w, dst += plane)
                for (int y = 0; y < h; y++)
                    RunCopy.Exact(src + y * w, dst + y * wp, w);
        }
        return padded;
    }
}
