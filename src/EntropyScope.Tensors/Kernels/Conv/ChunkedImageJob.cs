namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// One threaded call of a direct convolution path (<see cref="Conv2dDirectJob"/>, <see cref="Conv2dChannelLanesJob"/>):
/// worker w takes a contiguous share of the batch and walks it in chunks of images with its own scratch, reused between
/// calls (no allocation in steady state).
/// </summary>
internal abstract class ChunkedImageJob<TScratch> : ParallelJob where TScratch : new()
{
    protected Conv2dGeometry G;
    protected int Batch;
    private readonly PerWorker<TScratch> scratch = new();

    protected void PrepareBatch(in Conv2dGeometry g, int batch, int workers)
    {
        G = g;
        Batch = batch;
        scratch.Ensure(workers);
    }

    protected TScratch Scratch(int worker) => scratch[worker];

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

    protected abstract int ChunkImages { get; }

    /// <summary>Called once per worker before its chunks (e.g. to clear a partial sum).</summary>
    protected virtual void Begin(TScratch s) { }

    /// <summary>Called once per worker after its chunks.</summary>
    protected virtual void End(TScratch s) { }

    /// <summary>Processes images [n0, n0 + images) on this worker.</summary>
    protected abstract void RunChunk(TScratch s, int n0, int images);
}
