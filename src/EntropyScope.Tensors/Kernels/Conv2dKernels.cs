namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// Batched 2-D convolution on NCHW float32 buffers (weights (Cout, Cin, k, k), bias (Cout) or empty).
/// PLACEHOLDER: forwards to the reference twin until the im2col + GEMM kernels land; the signatures are final.
/// </summary>
public static class Conv2dKernels
{
    public static void Forward(Conv2dGeometry g, int batch, ReadOnlySpan<float> input, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> bias, Span<float> output, bool relu)
    {
        CheckForward(g, batch, input, weight, bias, output);
        Conv2dReference.Forward(g, batch, input, weight, bias, output, relu);
    }

    /// <summary>gradInput = convolutionᵀ(gradOutput) (overwrites).</summary>
    public static void BackwardData(Conv2dGeometry g, int batch, ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weight,
        Span<float> gradInput)
    {
        CheckBackwardData(g, batch, gradOutput, weight, gradInput);
        Conv2dReference.BackwardData(g, batch, gradOutput, weight, gradInput);
    }

    /// <summary>gradWeight += Σ gradOutput ⊗ input patches; gradBias += Σ gradOutput (both accumulate; gradBias may be empty).</summary>
    public static void BackwardWeights(Conv2dGeometry g, int batch, ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput,
        Span<float> gradWeight, Span<float> gradBias)
    {
        CheckBackwardWeights(g, batch, input, gradOutput, gradWeight, gradBias);
        Conv2dReference.BackwardWeights(g, batch, input, gradOutput, gradWeight, gradBias);
    }

    private static string In(Conv2dGeometry g, int batch) => $"{batch}x{g.InChannels}x{g.Height}x{g.Width}";
    private static string Out(Conv2dGeometry g, int batch) => $"{batch}x{g.OutChannels}x{g.OutHeight}x{g.OutWidth}";
    private static string W(Conv2dGeometry g) => $"{g.OutChannels}x{g.InChannels}x{g.Kernel}x{g.Kernel}";

    internal static void CheckForward(Conv2dGeometry g, int batch, ReadOnlySpan<float> input, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> bias, Span<float> output)
    {
        const string op = "Conv2d.Forward";
        KernelArgs.Positive(op, "batch", batch);
        KernelArgs.ExactLength(op, "input", input.Length, (long)batch * g.InputImageSize, In(g, batch));
        KernelArgs.ExactLength(op, "weight", weight.Length, g.WeightSize, W(g));
        if (!bias.IsEmpty) KernelArgs.ExactLength(op, "bias", bias.Length, g.OutChannels, $"{g.OutChannels}");
        KernelArgs.ExactLength(op, "output", output.Length, (long)batch * g.OutputImageSize, Out(g, batch));
    }

    internal static void CheckBackwardData(Conv2dGeometry g, int batch, ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weight,
        Span<float> gradInput)
    {
        const string op = "Conv2d.BackwardData";
        KernelArgs.Positive(op, "batch", batch);
        KernelArgs.ExactLength(op, "gradOutput", gradOutput.Length, (long)batch * g.OutputImageSize, Out(g, batch));
        KernelArgs.ExactLength(op, "weight", weight.Length, g.WeightSize, W(g));
        KernelArgs.ExactLength(op, "gradInput", gradInput.Length, (long)batch * g.InputImageSize, In(g, batch));
    }

    internal static void CheckBackwardWeights(Conv2dGeometry g, int batch, ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput,
        Span<float> gradWeight, Span<float> gradBias)
    {
        const string op = "Conv2d.BackwardWeights";
        KernelArgs.Positive(op, "batch", batch);
        KernelArgs.ExactLength(op, "input", input.Length, (long)batch * g.InputImageSize, In(g, batch));
        KernelArgs.ExactLength(op, "gradOutput", gradOutput.Length, (long)batch * g.OutputImageSize, Out(g, batch));
        KernelArgs.ExactLength(op, "gradWeight", gradWeight.Length, g.WeightSize, W(g));
        if (!gradBias.IsEmpty) KernelArgs.ExactLength(op, "gradBias", gradBias.Length, g.OutChannels, $"{g.OutChannels}");
    }
}
