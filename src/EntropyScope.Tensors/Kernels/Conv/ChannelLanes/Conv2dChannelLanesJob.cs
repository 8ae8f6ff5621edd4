namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// One threaded call of the channel-lanes path (<see cref="Conv2dChannelLanes"/>): worker w takes a contiguous share of
/// the batch and walks it in chunks of images with its own scratch, reused between calls (no allocation in steady state).
/// </summary>
internal abstract unsafe class Conv2dChannelLanesJob : ParallelJob
{
    protected Conv2dGeometry G;
    protected int Batch;
    private readonly PerWorker<WorkerScratch> scratch = new();

    protected sealed class WorkerScratch
    {
        public readonly AlignedBuffer Padded = new();
        public readonly AlignedBuffer Transposed = new();
        public readonly AlignedBuffer Partial = new();
        public readonly AlignedBuffer Staging = new();
    }

    /// <summary>Rows and columns of a zero-padded input plane.</summary>
    protected int PaddedHeight => G.Height + 2 * G.Pad;
    protected int PaddedWidth => G.Width + 2 * G.Pad;
    protected int PaddedPlane => PaddedHeight * PaddedWidth;
    protected int PaddedImageSize => G.InChannels * PaddedPlane;

    protected void Prepare(in Conv2dGeometry g, int batch, int workers)
    {
        G = g;
        Batch = batch;
        scratch.Ensure(workers);
    }

    protected WorkerScratch Scratch(int worker) => scratch[worker];

    /// <summary>The worker count the last call actually ran with (1 when the pool ran it inline).</summary>
    public int WorkersUsed { get; private set; }

    public override void Execute(int worker, int workers)
    {
        WorkersUsed = workers;
        var (start, count) = GemmJob.Share(Batch, 1, worker, workers);
        var s = Scratch(worker);
        Begin(s);
        int chunk = ChunkImages;
        for (int n0 = start; n0 < start + count; n0 += chunk)
            RunChunk(s, n0, Math.Min(chunk, start + count - n0));
        End(s);
    }

    /// <summary>Called once per worker after its chunks.</summary>
    protected virtual void End(WorkerScratch s) { }

    protected abstract int ChunkImages { get; }

    protected virtual void Begin(WorkerScratch s) { }

    /// <summary>Processes images [n0, n0 + images) on this worker.</summary>
    protected abstract void RunChunk(WorkerScratch s, int n0, int images);

    /// <summary>
    /// Images [n0, n0 + images) zero-padded, per image [ci][H + 2·pad][W + 2·pad]: tap (ci, ky, kx) of output (oy, ox) is
    /// at ci·plane + (oy + ky)·Wp + ox + kx, so one output row's taps are one contiguous run per tap.
    /// </summary>
    protected float* PaddedChunk(WorkerScratch s, float* input, int n0, int images)
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
