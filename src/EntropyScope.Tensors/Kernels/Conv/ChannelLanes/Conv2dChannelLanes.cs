using System.Collections.Concurrent;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// Direct stride-1 convolution with 32 output channels in two AVX-512 vectors (CNEEP's conv2 and conv3, and their
/// backward-data, which is a stride-1 forward convolution too): input values are broadcast straight from a zero-padded
/// copy of the image, so there is no im2col and no GEMM packing. At 5×10 maps the packed GEMM path re-packed the
/// 288-row im2col of every image group for only 32–64 output channels, which cost about a third of its FMAs.
/// <see cref="Conv2dKernels"/> dispatches here when <see cref="PreferredForward"/> / <see cref="PreferredWeights"/> hold;
/// the kernels are correct for every geometry that <see cref="SupportsForward"/> / <see cref="SupportsWeights"/> (the
/// tests run them on odd and prime shapes). Threading and buffers as everywhere: <see cref="EngineThreads.Count"/>
/// workers over the batch, per-worker scratch, weight gradients summed from per-worker partials in worker order.
/// </summary>
internal static unsafe class Conv2dChannelLanes
{
    /// <summary>AVX-512, stride 1 or 2, Cout a multiple of 32 (two vectors), output rows at least one register block wide.</summary>
    public static bool SupportsForward(in Conv2dGeometry g) =>
        Avx512F.IsSupported && g.Stride <= 2 && g.OutChannels % 32 == 0 && g.OutWidth >= Conv2dChannelLanesForwardJob.Block;

    /// <summary>
    /// Rows a whole number of register blocks wide (no overlapping block) and enough taps to amortise a block's stores:
    /// stride 1 with Cin·k² ≥ 64 (conv2, conv3 and their backward-data), stride 2 with Cin·k² ≥ 32 (conv1's forward).
    /// </summary>
    public static bool PreferredForward(in Conv2dGeometry g) =>
        SupportsForward(g) && g.OutWidth % Conv2dChannelLanesForwardJob.Block == 0 && g.PatchSize >= (g.Stride == 1 ? 64 : 32);

    /// <summary>AVX-512, stride 1 or 2, a 3×3 or 5×5 kernel (the register blocks are rows of 3 or 5 taps), Cout a multiple of 32.</summary>
    public static bool SupportsWeights(in Conv2dGeometry g) =>
        Avx512F.IsSupported && g.Stride <= 2 && (g.Kernel == 3 || g.Kernel == 5) && g.OutChannels % 32 == 0;

    /// <summary>
    /// Stride 1 with 3×3 and at least 8 input channels (conv2, conv3). Not conv1 (stride 2, 5×5): supported and tested,
    /// but on two threads it did not beat the direct path's weight gradient (0.42–0.51 against 0.47–0.50 of the peak in
    /// alternating runs), so conv1 keeps that one.
    /// </summary>
    public static bool PreferredWeights(in Conv2dGeometry g) =>
        SupportsWeights(g) && g.Stride == 1 && g.Kernel == 3 && g.InChannels >= 8;

    [ThreadStatic] private static AlignedBuffer? weightCopy;

    public static void Forward(Conv2dGeometry g, int batch, float* input, float* weight, float* bias, float* output, bool relu)
    {
        float* wT = (weightCopy ??= new AlignedBuffer()).Get(g.WeightSize);
        PackWeights(g, weight, wT);
        int workers = Conv2dJob.WorkersFor(batch);
        var job = Conv2dChannelLanesForwardJob.ForThisThread;
        job.Set(g, batch, workers, input, wT, bias, output, relu);
        WorkerPool.Run(job, workers);
    }

    public static void BackwardWeights(Conv2dGeometry g, int batch, float* input, float* gradOutput, Span<float> gradWeight,
        Span<float> gradBias)
    {
        int workers = Conv2dJob.WorkersFor(batch);
        var job = Conv2dChannelLanesWeightsJob.ForThisThread;
        job.Set(g, batch, workers, input, gradOutput);
        WorkerPool.Run(job, workers);
        job.AddPartials(gradWeight, gradBias);
    }

    /// <summary>dest[cb][tap][j] = weight[cb·32 + j][tap]: per block of 32 output channels, one row of 32 per tap.</summary>
    public static void PackWeights(in Conv2dGeometry g, float* weight, float* dest)
    {
        int taps = g.PatchSize;
        for (int co = 0; co < g.OutChannels; co++)
        {
            float* src = weight + (long)co * taps;
            float* dst = dest + (long)(co / 32) * taps * 32 + co % 32;
            for (int t = 0; t < taps; t++) dst[t * 32] = src[t];
        }
    }

    private static readonly ConcurrentDictionary<Conv2dGeometry, int[]> Offsets = new();

    /// <summary>Tap (ci, ky, kx) ↦ ci·(H + 2·pad)·(W + 2·pad) + ky·(W + 2·pad) + kx in the padded image; built once per geometry.</summary>
    public static int* TapOffsets(in Conv2dGeometry g)
    {
        if (!Offsets.TryGetValue(g, out var table))
        {
            int k = g.Kernel, wp = g.Width + 2 * g.Pad, plane = (g.Height + 2 * g.Pad) * wp;
            table = GC.AllocateArray<int>(g.PatchSize, pinned: true);
            for (int ci = 0, t = 0; ci < g.InChannels; ci++)
            for (int ky = 0; ky < k; ky++)
            for (int kx = 0; kx < k; kx++, t++)
                table[t] = ci * plane + ky * wp + kx;
            table = Offsets.GetOrAdd(g, table);
        }
        fixed (int* p = table) return p; // pinned-heap arrays never move, and the cache keeps them alive
    }

    /// <summary>planes[c·positions + p] = tile[p·32 + c] for 32 channels: 8×8 register transposes, the ragged end element-wise.</summary>
    public static void TileToPlanes(float* tile, int positions, float* planes)
    {
        int p0 = 0;
        for (; p0 + 8 <= positions; p0 += 8)
            for (int c0 = 0; c0 < 32; c0 += 8)
                Transpose8x8.Strided(tile + p0 * 32 + c0, 32, planes + (long)c0 * positions + p0, positions);
        for (; p0 < positions; p0++)
            for (int c = 0; c < 32; c++) planes[(long)c * positions + p0] = tile[p0 * 32 + c];
    }

    /// <summary>tile[p·32 + c] = planes[c·positions + p] for 32 channels (the inverse of <see cref="TileToPlanes"/>).</summary>
    public static void PlanesToTile(float* planes, int positions, float* tile)
    {
        int p0 = 0;
        for (; p0 + 8 <= positions; p0 += 8)
            for (int c0 = 0; c0 < 32; c0 += 8)
                Transpose8x8.Strided(planes + (long)c0 * positions + p0, positions, tile + p0 * 32 + c0, 32);
        for (; p0 < positions; p0++)
            for (int c = 0; c < 32; c++) tile[p0 * 32 + c] = planes[(long)c * positions + p0];
    }
}
