namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// Max pooling over batchChannels = N·C planes of height×width (floor mode, no padding). argmax stores, for each
/// output, the winner's index within its own input plane, so the backward pass is a scatter-add.
/// PLACEHOLDER: forwards to the reference twin until the threaded kernel lands; the signatures are final.
/// </summary>
public static class MaxPool2dKernels
{
    public static void Forward(int batchChannels, int height, int width, int kernel, int stride,
        ReadOnlySpan<float> input, Span<float> output, Span<int> argmax)
    {
        Check(batchChannels, height, width, kernel, stride, input.Length, output.Length, argmax.Length);
        MaxPool2dReference.Forward(batchChannels, height, width, kernel, stride, input, output, argmax);
    }

    /// <summary>gradInput[winner] += gradOutput (accumulates).</summary>
    public static void Backward(ReadOnlySpan<float> gradOutput, ReadOnlySpan<int> argmax, int batchChannels, int inPlaneSize,
        Span<float> gradInput)
    {
        const string op = "MaxPool2d.Backward";
        if (batchChannels < 1 || inPlaneSize < 1 || gradOutput.Length % batchChannels != 0)
            throw new ArgumentException($"{op}: gradOutput of {gradOutput.Length} floats does not split into {batchChannels} planes.");
        KernelArgs.ExactLength(op, "argmax", argmax.Length, gradOutput.Length, "gradOutput length");
        KernelArgs.ExactLength(op, "gradInput", gradInput.Length, (long)batchChannels * inPlaneSize, $"{batchChannels}x{inPlaneSize}");
        MaxPool2dReference.Backward(gradOutput, argmax, batchChannels, inPlaneSize, gradInput);
    }

    internal static (int OutHeight, int OutWidth) Check(int batchChannels, int height, int width, int kernel, int stride,
        int inputLength, int outputLength, int argmaxLength)
    {
        const string op = "MaxPool2d.Forward";
        if (batchChannels < 1 || height < 1 || width < 1 || kernel < 1 || stride < 1 || kernel > height || kernel > width)
            throw new ArgumentException(
                $"{op}: invalid (batchChannels={batchChannels}, height={height}, width={width}, kernel={kernel}, stride={stride}).");
        int ho = (height - kernel) / stride + 1, wo = (width - kernel) / stride + 1;
        KernelArgs.ExactLength(op, "input", inputLength, (long)batchChannels * height * width, $"{batchChannels}x{height}x{width}");
        KernelArgs.ExactLength(op, "output", outputLength, (long)batchChannels * ho * wo, $"{batchChannels}x{ho}x{wo}");
        KernelArgs.ExactLength(op, "argmax", argmaxLength, (long)batchChannels * ho * wo, $"{batchChannels}x{ho}x{wo}");
        return (ho, wo);
    }
}
