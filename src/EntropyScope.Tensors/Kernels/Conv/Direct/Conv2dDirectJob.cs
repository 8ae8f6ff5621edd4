using System.Runtime.Intrinsics.X86;

namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// One threaded call of the direct convolution path: worker w takes a contiguous share of the batch and walks it in
/// chunks of <see cref="Conv2dDirectLayout.ChunkImages"/> images, with its own scratch reused between calls.
/// </summary>
internal abstract unsafe class Conv2dDirectJob : ParallelJob
{
    protected Conv2dGeometry G;
    protected Conv2dDirectLayout L = null!;
    protected int Batch;
    private readonly PerWorker<WorkerScratch> scratch = new();

    protected sealed class WorkerScratch
    {
        public readonly AlignedBuffer Prepared = new();
        public readonly AlignedBuffer Partial = new();
        public readonly AlignedBuffer Result = new();
        public readonly AlignedBuffer Transposed = new();
    }

    protected void Prepare(in Conv2dGeometry g, int batch, int workers)
    {
        G = g;
        L = Conv2dDirectLayout.For(g);
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

    /// <summary>Images per chunk, at most <see cref="Conv2dDirectLayout.ChunkImages"/> (the slot tables' length).</summary>
    protected virtual int ChunkImages => Conv2dDirectLayout.ChunkImages;

    protected virtual void Begin(WorkerScratch s) { }
    protected virtual void End(WorkerScratch s) { }

    /// <summary>Processes images [n0, n0 + images) on this worker.</summary>
    protected abstract void RunChunk(WorkerScratch s, int n0, int images);

    /// <summary>Prepares images [n0, n0 + images) of the input into the worker's chunk buffer.</summary>
    protected float* PreparedChunk(WorkerScratch s, float* input, int n0, int images)
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
