using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// Direct convolution for layers with few input channels (CNEEP's conv1: 2→32, 5×5, stride 2): output positions in the
/// AVX-512 lanes, taps read as contiguous runs of a cheaply prepared image (<see cref="Conv2dDirectLayout"/>), no
/// im2col and no GEMM packing. With Cin·k² = 50 taps the packed GEMM spends about as long packing as multiplying; here
/// every input vector loaded feeds 8 channels' FMAs and every weight broadcast feeds 3 slots.
/// <see cref="Conv2dKernels"/> dispatches here when <see cref="Preferred"/> holds; the kernels themselves are correct
/// for any geometry that <see cref="Supports"/> (the tests run them on strides 1–3).
/// Same threading and buffer conventions as the GEMM path: <see cref="EngineThreads.Count"/> workers over the batch,
/// per-worker scratch, the weight gradient summed from per-worker partials in worker order.
/// </summary>
internal static unsafe class Conv2dDirect
{
    /// <summary>AVX-512 (the kernels are written for 16 lanes), Cout a multiple of 8 (the register block), at least 16 output positions per image, k ≤ 32.</summary>
    public static bool Supports(in Conv2dGeometry g) =>
        Vector512.IsHardwareAccelerated && Avx512F.IsSupported && g.OutChannels % 8 == 0 && g.OutPlaneSize >= Conv2dDirectLayout.Lanes
        && g.Kernel <= 2 * Conv2dDirectLayout.Lanes; // stride 2 shifts a row by up to (k−1)/2 lanes across two blocks

    /// <summary>Where it beats the GEMM path: strided, few input channels (the GEMM's K = Cin·k² is short and its packing gathers).</summary>
    public static bool Preferred(in Conv2dGeometry g) => Supports(g) && g.Stride >= 2 && g.InChannels <= 4;

    [ThreadStatic] private static AlignedBuffer? weightCopy;

    public static void Forward(Conv2dGeometry g, int batch, float* input, float* weight, float* bias, float* output, bool relu)
    {
        int taps = g.PatchSize, cout = g.OutChannels;
        float* wT = (weightCopy ??= new AlignedBuffer()).Get((long)taps * cout);
        for (int co = 0; co < cout; co++)
        for (int t = 0; t < taps; t++) wT[t * cout + co] = weight[co * taps + t];
        var job = Conv2dDirectForwardJob.ForThisThread;
        job.Set(g, batch, Conv2dJob.WorkersFor(batch), input, wT, bias, output, relu);
        WorkerPool.Run(job, Conv2dJob.WorkersFor(batch));
    }

    public static void BackwardData(Conv2dGeometry g, int batch, float* gradOutput, float* weight, float* gradInput)
    {
        var layout = Conv2dDirectLayout.For(g);
        int taps = g.PatchSize, padded = layout.TapsPadded, cout = g.OutChannels;
        float* wp = (weightCopy ??= new AlignedBuffer()).Get((long)padded * cout);
        for (int co = 0; co < cout; co++)
        for (int t = 0; t < padded; t++) wp[co * padded + t] = t < taps ? weight[co * taps + t] : 0f;
        var job = Conv2dDirectBackwardDataJob.ForThisThread;
        job.Set(g, batch, Conv2dJob.WorkersFor(batch), gradOutput, wp, gradInput);
        WorkerPool.Run(job, Conv2dJob.WorkersFor(batch));
    }

    public static void BackwardWeights(Conv2dGeometry g, int batch, float* input, float* gradOutput, Span<float> gradWeight,
        Span<float> gradBias)
    {
        var job = Conv2dDirectBackwardWeightsJob.ForThisThread;
        job.Set(g, batch, Conv2dJob.WorkersFor(batch), input, gradOutput);
        WorkerPool.Run(job, Conv2dJob.WorkersFor(batch));
        job.AddPartials(gradWeight, gradBias);
    }
}
