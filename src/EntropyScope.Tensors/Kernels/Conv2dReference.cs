namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// Plain-loop twin of <see cref="Conv2dKernels"/>: the test oracle. Direct convolution, dot products in float64,
/// same argument conventions (BackwardData overwrites, BackwardWeights accumulates).
/// </summary>
public static class Conv2dReference
{
    public static void Forward(Conv2dGeometry g, int batch, ReadOnlySpan<float> input, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> bias, Span<float> output, bool relu)
    {
        int k = g.Kernel, ho = g.OutHeight, wo = g.OutWidth;
        for (int n = 0; n < batch; n++)
        for (int co = 0; co < g.OutChannels; co++)
        for (int oy = 0; oy < ho; oy++)
        for (int ox = 0; ox < wo; ox++)
        {
            double sum = bias.IsEmpty ? 0 : bias[co];
            for (int ci = 0; ci < g.InChannels; ci++)
            for (int ky = 0; ky < k; ky++)
            for (int kx = 0; kx < k; kx++)
            {
                int iy = oy * g.Stride - g.Pad + ky, ix = ox * g.Stride - g.Pad + kx;
                if (iy < 0 || iy >= g.Height || ix < 0 || ix >= g.Width) continue;
                sum += (double)input[((n * g.InChannels + ci) * g.Height + iy) * g.Width + ix]
                       * weight[((co * g.InChannels + ci) * k + ky) * k + kx];
            }
            float v = (float)sum;
            output[((n * g.OutChannels + co) * ho + oy) * wo + ox] = relu && v < 0 ? 0 : v;
        }
    }

    /// <summary>gradInput = convolutionᵀ(gradOutput) (overwrites).</summary>
    public static void BackwardData(Conv2dGeometry g, int batch, ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weight,
        Span<float> gradInput)
    {
        int k = g.Kernel, ho = g.OutHeight, wo = g.OutWidth;
        var acc = new double[g.InputImageSize];
        for (int n = 0; n < batch; n++)
        {
            Array.Clear(acc);
            for (int co = 0; co < g.OutChannels; co++)
            for (int oy = 0; oy < ho; oy++)
            for (int ox = 0; ox < wo; ox++)
            {
                double go = gradOutput[((n * g.OutChannels + co) * ho + oy) * wo + ox];
                for (int ci = 0; ci < g.InChannels; ci++)
                for (int ky = 0; ky < k; ky++)
                for (int kx = 0; kx < k; kx++)
                {
                    int iy = oy * g.Stride - g.Pad + ky, ix = ox * g.Stride - g.Pad + kx;
                    if (iy < 0 || iy >= g.Height || ix < 0 || ix >= g.Width) continue;
                    acc[(ci * g.Height + iy) * g.Width + ix] += go * weight[((co * g.InChannels + ci) * k + ky) * k + kx];
                }
            }
            for (int i = 0; i < acc.Length; i++)
                gradInput[n * g.InputImageSize + i] = (float)acc[i];
        }
    }

    /// <summary>gradWeight += Σ gradOutput ⊗ input patches; gradBias += Σ gradOutput (both accumulate; gradBias may be empty).</summary>
    public static void BackwardWeights(Conv2dGeometry g, int batch, ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput,
        Span<float> gradWeight, Span<float> gradBias)
    {
        int k = g.Kernel, ho = g.OutHeight, wo = g.OutWidth;
        for (int co = 0; co < g.OutChannels; co++)
        {
            if (!gradBias.IsEmpty)
            {
                double b = 0;
                for (int n = 0; n < batch; n++)
                for (int p = 0; p < ho * wo; p++)
                    b += gradOutput[(n * g.OutChannels + co) * ho * wo + p];
                gradBias[co] += (float)b;
            }
            for (int ci = 0; ci < g.InChannels; ci++)
            for (int ky = 0; ky < k; ky++)
            for (int kx = 0; kx < k; kx++)
            {
                double sum = 0;
                for (int n = 0; n < batch; n++)
                for (int oy = 0; oy < ho; oy++)
                for (int ox = 0; ox < wo; ox++)
                {
                    int iy = oy * g.Stride - g.Pad + ky, ix = ox * g.Stride - g.Pad + kx;
                    if (iy < 0 || iy >= g.Height || ix < 0 || ix >= g.Width) continue;
                    sum += (double)gradOutput[((n * g.OutChannels + co) * ho + oy) * wo + ox]
                           * input[((n * g.InChannels + ci) * g.Height + iy) * g.Width + ix];
                }
                gradWeight[((co * g.InChannels + ci) * k + ky) * k + kx] += (float)sum;
            }
        }
    }
}
