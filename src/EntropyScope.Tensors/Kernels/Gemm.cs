namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// Single-precision matrix product C (+)= op(A)·op(B) on row-major buffers with explicit leading dimensions.
/// op(A) is m×k, op(B) is k×n, C is m×n. With transA the buffer A holds a k×m matrix (lda ≥ m), likewise B.
/// PLACEHOLDER: forwards to the reference twin until the packed SIMD kernel lands; the signature is final.
/// </summary>
public static class Gemm
{
    public static void Multiply(
        int m, int n, int k,
        ReadOnlySpan<float> a, int lda, bool transA,
        ReadOnlySpan<float> b, int ldb, bool transB,
        Span<float> c, int ldc, bool accumulate)
        => GemmReference.Multiply(m, n, k, a, lda, transA, b, ldb, transB, c, ldc, accumulate);
}
