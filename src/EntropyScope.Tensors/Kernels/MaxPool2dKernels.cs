namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// Max pooling over batchChannels = N·C planes of height×width (floor mode, no padding). argmax stores, for each
/// output, the winner's index within its own input plane, so the backward pass is a scatter-add.
/// Threaded over planes with <see cref="EngineThreads.Count"/> workers.
/// </summary>
public static unsafe class MaxPool2dKernels
{
    public static void Forward(int batchChannels, int height, int width, int kernel, int stride,
        ReadOnlySpan<float> input, Span<float> output, Span<int> argmax)
    {
        var (ho, wo) = Check(batchChannels, height, width, kernel, stride, input.Length, output.Length, argmax.Length);
        fixed (float* x = input, y = output)
        fixed (int* arg = argmax)
        {
            var job = MaxPool2dJob.ForThisThread;
            job.SetForward(batchChannels, height, width, kernel, stride, ho, wo, x, y, arg);
            WorkerPool.Run(job, Workers(batchChannels, height * width));
        }
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
        int outPlane = gradOutput.Length / batchChannels;
        foreach (int index in argmax)
            if ((uint)index >= (uint)inPlaneSize)
                throw new ArgumentException($"{op}: argmax index {index} is outside an input plane of {inPlaneSize}.");
        fixed (float* dy = gradOutput, dx = gradInput)
        fixed (int* arg = argmax)
        {
            var job = MaxPool2dJob.ForThisThread;
            job.SetBackward(batchChannels, inPlaneSize, outPlane, dy, arg, dx);
            WorkerPool.Run(job, Workers(batchChannels, inPlaneSize));
        }
    }

    /// <summary>Small inputs run on the calling thread: waking workers costs more than pooling a few thousand floats.</summary>
    private static int Workers(int planes, int planeSize) =>
        (long)planes * planeSize < 1 << 15 ? 1 : Math.Min(EngineThreads.Count, planes);

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
