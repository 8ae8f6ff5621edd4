namespace EntropyScope.Tensors.Kernels;

/// <summary>Plain-loop twin of <see cref="MaxPool2dKernels"/>: the test oracle.</summary>
public static class MaxPool2dReference
{
    /// <summary>Floor-mode max pooling of batchChannels planes; argmax holds the winner's index within its input plane (first max wins).</summary>
    public static void Forward(int batchChannels, int height, int width, int kernel, int stride,
        ReadOnlySpan<float> input, Span<float> output, Span<int> argmax)
    {
        int ho = (height - kernel) / stride + 1, wo = (width - kernel) / stride + 1;
        for (int plane = 0; plane < batchChannels; plane++)
        for (int oy = 0; oy < ho; oy++)
        for (int ox = 0; ox < wo; ox++)
        {
            float best = float.NegativeInfinity;
            int bestIndex = (oy * stride) * width + ox * stride;
            for (int ky = 0; ky < kernel; ky++)
            for (int kx = 0; kx < kernel; kx++)
            {
                int index = (oy * stride + ky) * width + ox * stride + kx;
                float v = input[plane * height * width + index];
                if (v > best || float.IsNaN(v) && !float.IsNaN(best)) { best = v; bestIndex = index; }
            }
            int o = (plane * ho + oy) * wo + ox;
            output[o] = best;
            argmax[o] = bestIndex;
        }
    }

    /// <summary>gradInput[winner] += gradOutput (accumulates).</summary>
    public static void Backward(ReadOnlySpan<float> gradOutput, ReadOnlySpan<int> argmax, int batchChannels, int inPlaneSize,
        Span<float> gradInput)
    {
        int outPlane = gradOutput.Length / batchChannels;
        for (int plane = 0; plane < batchChannels; plane++)
        for (int o = 0; o < outPlane; o++)
            gradInput[plane * inPlaneSize + argmax[plane * outPlane + o]] += gradOutput[plane * outPlane + o];
    }
}
