using System.Runtime.Intrinsics.X86;

namespace EntropyScope.Tensors.Kernels;

/// <summary>Per-worker buffers of the direct path.</summary>
internal sealed class DirectScratch
{
    public readonly AlignedBuffer Prepared = new();
    public readonly AlignedBuffer Partial = new();
    public readonly AlignedBuffer Result = new();
    public readonly AlignedBuffer Transposed = new();
}

/// <summary>
/// One threaded call of the direct convolution path, in chunks of <see cref="Conv2dDirectLayout.ChunkImages"/> images.
/// </summary>
internal abstract unsafe class Conv2dDirectJob : ChunkedImageJob<DirectScratch>
{
    protected Conv2dDirectLayout L = null!;

    protected void Prepare(in Conv2dGeometry g, int batch, int workers)
    {
        L = Conv2dDirectLayout.For(g);
        PrepareBatch(g, batch, workers);
    }

    /// <summary>Images per chunk, at most <see cref="Conv2dDirectLayout.ChunkImages"/> (the slot tables' length).</summary>
    protected override int ChunkImages => Conv2dDirectLayout.ChunkImages;

    /// <summary>Prepares images [n0, n0 + images) of the input into the worker's chunk buffer.</summary>
    protected float* PreparedChunk(DirectScratch s, float* input, int n0, int images)
    {
        float* prepared = s.Prepared.Get((long)images * L.PreparedImageSize);
        for (int i = 0; i < images; i++)
            L.PrepareImage(input + (long)(n0 + i) * G.InputImageSize, prepared + (long)i * L.PreparedImageSize);
        // The next chunk's input, into L2 while this chunk computes (prepare reads rows two apart, per channel and row
        // phase: a pattern the hardware prefetcher picks up late). Prefetches never fault past the end of the buffer.
        float* next = input + (long)(n0 + images) * G.InputImageSize;
        long lines = (long)images * G.InputImageSize / 16;
        for (long l = 0; l < lines; l++) Sse.Prefetch1(next + l * 16);
        return prepared;
    }
}
