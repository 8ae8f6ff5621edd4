namespace EntropyScope.Tensors.Kernels;

/// <summary>Plain-loop twins of <see cref="Activations"/>, evaluated in float64: the test oracle.</summary>
public static class ActivationsReference
{
    public static void Relu(ReadOnlySpan<float> x, Span<float> y) { for (int i = 0; i < x.Length; i++) y[i] = x[i] > 0 ? x[i] : 0; }
    public static void ReluBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> gradY, Span<float> gradX) { for (int i = 0; i < y.Length; i++) gradX[i] += y[i] > 0 ? gradY[i] : 0; }
    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> y) { for (int i = 0; i < x.Length; i++) y[i] = (float)(1 / (1 + Math.Exp(-(double)x[i]))); }
    public static void SigmoidBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> gradY, Span<float> gradX) { for (int i = 0; i < y.Length; i++) gradX[i] += (float)((double)gradY[i] * y[i] * (1 - (double)y[i])); }
    public static void Tanh(ReadOnlySpan<float> x, Span<float> y) { for (int i = 0; i < x.Length; i++) y[i] = (float)Math.Tanh(x[i]); }
    public static void TanhBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> gradY, Span<float> gradX) { for (int i = 0; i < y.Length; i++) gradX[i] += (float)((double)gradY[i] * (1 - (double)y[i] * y[i])); }
    public static void Exp(ReadOnlySpan<float> x, Span<float> y) { for (int i = 0; i < x.Length; i++) y[i] = (float)Math.Exp(x[i]); }
    public static void ExpBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> gradY, Span<float> gradX) { for (int i = 0; i < y.Length; i++) gradX[i] += (float)((double)gradY[i] * y[i]); }
    public static void Log(ReadOnlySpan<float> x, Span<float> y) { for (int i = 0; i < x.Length; i++) y[i] = (float)Math.Log(x[i]); }
    public static void LogBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> gradY, Span<float> gradX) { for (int i = 0; i < x.Length; i++) gradX[i] += (float)(gradY[i] / (double)x[i]); }
}
