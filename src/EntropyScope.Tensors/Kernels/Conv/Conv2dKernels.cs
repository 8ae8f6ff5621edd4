namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// Batched 2-D convolution on NCHW float32 buffers (weights (Cout, Cin, k, k), bias (Cout) or empty).
/// Layers with few input channels and a stride (CNEEP's conv1) take the direct path (<see cref="Conv2dDirect"/>);
/// every other call is the packed GEMM with an implicit im2col (packed straight from padded, stride-phase-split images; see
/// <see cref="ConvIndexTables"/>), threaded over the batch with <see cref="EngineThreads.Count"/> workers and per-worker
/// scratch reused between calls (see <see cref="Conv2dJob"/>). Forward and backward-data results do not depend on the
/// worker count; the weight gradient sums per-worker partials, so its rounding does.
/// </summary>
public static unsafe class Conv2dKernels
{
    public static void Forward(Conv2dGeometry g, int batch, ReadOnlySpan<float> input, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> bias, Span<float> output, bool relu)
    {
        CheckForward(g, batch, input, weight, bias, output);
        if (batch == 0) return;
        int workers = Conv2dJob.WorkersFor(batch);
        fixed (float* x = input, w = weight, b = bias, y = output)
        {
            if (Conv2dChannelLanes.PreferredForward(g))
            {
                Conv2dChannelLanes.Forward(g, batch, x, w, bias.IsEmpty ? null : b, y, relu);
                return;
            }
            if (Conv2dDirect.Preferred(g))
            {
                Conv2dDirect.Forward(g, batch, x, w, bias.IsEmpty ? null : b, y, relu);
                return;
            }
            var job = Conv2dForwardJob.ForThisThread;
            job.Set(g, batch, workers, x, w, bias.IsEmpty ? null : b, y, relu);
            WorkerPool.Run(job, workers);
        }
    }

    /// <summary>gradInput = convolutionᵀ(gradOutput) (overwrites).</summary>
    public static void BackwardData(Conv2dGeometry g, int batch, ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weight,
        Span<float> gradInput)
    {
        CheckBackwardData(g, batch, gradOutput, weight, gradInput);
        if (batch == 0) return;
        int workers = Conv2dJob.WorkersFor(batch);
        fixed (float* dy = gradOutput, w = weight, dx = gradInput)
        {
            if (Conv2dDirect.Preferred(g))
                Conv2dDirect.BackwardData(g, batch, dy, w, dx);
            else if (TransposedGeometry(g) is { } gt)
            {
                // Stride 1: dX = conv(dY, W flipped in space with in/out channels swapped, pad k−1−pad): the fast
                // forward kernel, with no col2im scatter.
                float* flipped = (flippedWeights ??= new AlignedBuffer()).Get(g.WeightSize);
                FlipWeights(g, w, flipped);
                if (Conv2dChannelLanes.PreferredForward(gt))
                {
                    Conv2dChannelLanes.Forward(gt, batch, dy, flipped, null, dx, relu: false);
                    return;
                }
                var job = Conv2dForwardJob.ForThisThread;
                job.Set(gt, batch, workers, dy, flipped, null, dx, relu: false);
                WorkerPool.Run(job, workers);
            }
            else
            {
                var job = Conv2dBackwardDataJob.ForThisThread;
                job.Set(g, batch, workers, dy, w, dx);
                WorkerPool.Run(job, workers);
            }
        }
    }

    [ThreadStatic] private static AlignedBuffer? flippedWeights;

    /// <summary>The forward geometry whose output is dX for a stride-1 conv, or null when that does not apply.</summary>
    private static Conv2dGeometry? TransposedGeometry(Conv2dGeometry g)
    {
        int pad = g.Kernel - 1 - g.Pad;
        if (g.Stride != 1 || pad < 0 || g.OutHeight + 2 * pad < g.Kernel || g.OutWidth + 2 * pad < g.Kernel) return null;
        return new Conv2dGeometry(g.OutChannels, g.InChannels, g.OutHeight, g.OutWidth, g.Kernel, 1, pad);
    }

    /// <summary>flipped[ci, co, ky, kx] = w[co, ci, k−1−ky, k−1−kx].</summary>
    private static void FlipWeights(Conv2dGeometry g, float* w, float* flipped)
    {
        int k = g.Kernel, kk = k * k;
        for (int co = 0; co < g.OutChannels; co++)
        for (int ci = 0; ci < g.InChannels; ci++)
        for (int t = 0; t < kk; t++)
            flipped[(ci * g.OutChannels + co) * kk + t] = w[(co * g.InChannels + ci) * kk + kk - 1 - t];
    }

    /// <summary>gradWeight += Σ gradOutput ⊗ input patches; gradBias += Σ gradOutput (both accumulate; gradBias may be empty).</summary>
    public static void BackwardWeights(Conv2dGeometry g, int batch, ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput,
        Span<float> gradWeight, Span<float> gradBias)
    {
        CheckBackwardWeights(g, batch, input, gradOutput, gradWeight, gradBias);
        if (batch == 0) return;
        int workers = Conv2dJob.WorkersFor(batch);
        fixed (float* x = input, dy = gradOutput)
        {
            if (Conv2dChannelLanes.PreferredWeights(g))
            {
                Conv2dChannelLanes.BackwardWeights(g, batch, x, dy, gradWeight, gradBias);
                return;
            }
            if (Conv2dDirect.Preferred(g))
            {
                Conv2dDirect.BackwardWeights(g, batch, x, dy, gradWeight, gradBias);
                return;
            }
            var job = Conv2dBackwardWeightsJob.ForThisThread;
            job.Set(g, batch, workers, x, dy);
            WorkerPool.Run(job, workers);
            job.AddPartials(gradWeight, gradBias);
        }
    }

    internal static void CheckForward(Conv2dGeometry g, int batch, ReadOnlySpan<float> input, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> bias, Span<float> output)
    {
        const string op = "Conv2d.Forward";
        KernelArgs.NotNegative(op, "batch", batch);
        KernelArgs.ExactLength(op, "input", input.Length, [batch, g.InChannels, g.Height, g.Width]);
        KernelArgs.ExactLength(op, "weight", weight.Length, [g.OutChannels, g.InChannels, g.Kernel, g.Kernel]);
        if (!bias.IsEmpty) KernelArgs.ExactLength(op, "bias", bias.Length, [g.OutChannels]);
        KernelArgs.ExactLength(op, "output", output.Length, [batch, g.OutChannels, g.OutHeight, g.OutWidth]);
    }

    internal static void CheckBackwardData(Conv2dGeometry g, int batch, ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weight,
        Span<float> gradInput)
    {
        const string op = "Conv2d.BackwardData";
        KernelArgs.NotNegative(op, "batch", batch);
        KernelArgs.ExactLength(op, "gradOutput", gradOutput.Length, [batch, g.OutChannels, g.OutHeight, g.OutWidth]);
        KernelArgs.ExactLength(op, "weight", weight.Length, [g.OutChannels, g.InChannels, g.Kernel, g.Kernel]);
        KernelArgs.ExactLength(op, "gradInput", gradInput.Length, [batch, g.InChannels, g.Height, g.Width]);
    }

    internal static void CheckBackwardWeights(Conv2dGeometry g, int batch, ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput,
        Span<float> gradWeight, Span<float> gradBias)
    {
        const string op = "Conv2d.BackwardWeights";
        KernelArgs.NotNegative(op, "batch", batch);
        KernelArgs.ExactLength(op, "input", input.Length, [batch, g.InChannels, g.Height, g.Width]);
        KernelArgs.ExactLength(op, "gradOutput", gradOutput.Length, [batch, g.OutChannels, g.OutHeight, g.OutWidth]);
        KernelArgs.ExactLength(op, "gradWeight", gradWeight.Length, [g.OutChannels, g.InChannels, g.Kernel, g.Kernel]);
        if (!gradBias.IsEmpty) KernelArgs.ExactLength(op, "gradBias", gradBias.Length, [g.OutChannels]);
    }
}
