namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// The state of one threaded convolution call. Worker w takes a contiguous share of the batch and walks it in
/// groups of images whose pixels sit side by side as GEMM columns, so that each GEMM is wide enough to run at full
/// speed even when one image has only a few dozen output pixels (CNEEP's 5×10 maps).
/// Scratch is owned per worker index and reused between calls: no allocation in steady state.
/// </summary>
internal sealed class GemmConvScratch
{
    public readonly AlignedBuffer Padded = new();
    public readonly AlignedBuffer Col = new();
    public readonly AlignedBuffer Matrix = new();
    public readonly AlignedBuffer Partial = new();
}

internal abstract unsafe class Conv2dJob : ChunkedImageJob<GemmConvScratch>
{
    /// <summary>GEMM columns per group: about one NC panel (512), so a group is one pass of the blocked driver.</summary>
    private const int TargetColumns = 512;

    protected ConvIndexTables Tables = null!;

    protected void Prepare(in Conv2dGeometry g, int batch, int workers)
    {
        PrepareBatch(g, batch, workers);
        Tables = ConvIndexTables.For(g, GroupSize, GemmIsaInfo.Tile(GemmIsaInfo.Best).Nr);
    }

    protected int GroupSize => Math.Max(1, TargetColumns / G.OutPlaneSize);

    /// <summary>A chunk is one group of images side by side as GEMM columns.</summary>
    protected override int ChunkImages => GroupSize;

    /// <summary>Workers used for a batch: never more than there are images.</summary>
    public static int WorkersFor(int batch) => Math.Max(1, Math.Min(EngineThreads.Count, batch));

    /// <summary>The group's input images, zero-padded and split into stride phases: the base of the implicit im2col matrix.</summary>
    protected float* PreparedInput(GemmConvScratch s, float* input, int n0, int images) =>
        Tables.Prepare(input, n0, images, s.Padded.Get((long)images * Tables.PreparedImageSize + Tables.Slack));
}
