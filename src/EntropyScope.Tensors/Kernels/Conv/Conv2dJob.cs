namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// The state of one threaded convolution call. Worker w takes a contiguous share of the batch and walks it in
/// groups of images whose pixels sit side by side as GEMM columns, so that each GEMM is wide enough to run at full
/// speed even when one image has only a few dozen output pixels (CNEEP's 5×10 maps).
/// Scratch is owned per worker index and reused between calls: no allocation in steady state.
/// </summary>
internal abstract unsafe class Conv2dJob : ParallelJob
{
    /// <summary>GEMM columns per group: about one NC panel (512), so a group is one pass of the blocked driver.</summary>
    private const int TargetColumns = 512;

    protected Conv2dGeometry G;
    protected int Batch;
    protected ConvIndexTables Tables = null!;
    private readonly PerWorker<WorkerScratch> scratch = new();

    protected sealed class WorkerScratch
    {
        public readonly AlignedBuffer Padded = new();
        public readonly AlignedBuffer Col = new();
        public readonly AlignedBuffer Matrix = new();
        public readonly AlignedBuffer Partial = new();
    }

    protected void Prepare(in Conv2dGeometry g, int batch, int workers)
    {
        G = g;
        Batch = batch;
        Tables = ConvIndexTables.For(g, GroupSize, GemmIsaInfo.Tile(GemmIsaInfo.Best).Nr);
        scratch.Ensure(workers);
    }

    protected WorkerScratch Scratch(int worker) => scratch[worker];

    protected int GroupSize => Math.Max(1, TargetColumns / G.OutPlaneSize);

    /// <summary>Workers used for a batch: never more than there are images.</summary>
    public static int WorkersFor(int batch) => Math.Max(1, Math.Min(EngineThreads.Count, batch));

    /// <summary>The worker count the last call actually ran with (1 when the pool ran it inline).</summary>
    public int WorkersUsed { get; private set; }

    public override void Execute(int worker, int workers)
    {
        WorkersUsed = workers;
        var (start, count) = GemmJob.Share(Batch, 1, worker, workers);
        var s = Scratch(worker);
        Begin(s);
        int group = GroupSize;
        for (int n0 = start; n0 < start + count; n0 += group)
            RunGroup(s, n0, Math.Min(group, start + count - n0));
    }

    /// <summary>Called once per worker before its groups (e.g. to clear a partial sum).</summary>
    protected virtual void Begin(WorkerScratch s) { }

    /// <summary>Processes images [n0, n0 + images) on this worker.</summary>
    protected abstract void RunGroup(WorkerScratch s, int n0, int images);

    /// <summary>The group's input images, zero-padded and split into stride phases: the base of the implicit im2col matrix.</summary>
    protected float* PreparedInput(WorkerScratch s, float* input, int n0, int images) =>
        Tables.Prepare(input, n0, images, s.Padded.Get((long)images * Tables.PreparedImageSize + Tables.Slack));
}
