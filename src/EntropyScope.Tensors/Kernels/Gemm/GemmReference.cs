namespace EntropyScope.Tensors.Kernels;

/// <summary>Plain-loop twin of <see cref="Gemm"/>: the test oracle. Accumulates each dot product in float64.</summary>
public static class GemmReference
{
    public static void Multiply(
        int m, int n, int k,
        ReadOnlySpan<float> a, int lda, bool transA,
        ReadOnlySpan<float> b, int ldb, bool transB,
        Span<float> c, int ldc, bool accumulate)
    {
        for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++)
        {
            double sum = 0;
            for (int p = 0; p < k; p++)
            {
                float av = transA ? a[p * lda + i] : a[i * lda + p];
                float bv = transB ? b[j * ldb + p] : b[p * ldb + j];
                sum += (double)av * bv;
            }
            c[i * ldc + j] = accumulate ? c[i * ldc + j] + (float)sum : (float)sum;
        }
    }
}
