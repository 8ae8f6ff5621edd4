namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// Single-precision matrix product C (+)= op(A)·op(B) on row-major buffers with explicit leading dimensions.
/// op(A) is m×k, op(B) is k×n, C is m×n. With transA the buffer A holds a k×m matrix (lda ≥ m), likewise B.
/// Packed, register-blocked SIMD (see <see cref="GemmBlocked"/>), threaded over row (or column) panels of C with
/// <see cref="EngineThreads.Count"/> workers; each worker packs into its own reused buffers.
/// </summary>
public static class Gemm
{
    /// <summary>Below this many multiply-adds the dispatch to workers costs more than it saves.</summary>
    private const long ParallelThreshold = 64L * 64 * 64;

    public static void Multiply(
        int m, int n, int k,
        ReadOnlySpan<float> a, int lda, bool transA,
        ReadOnlySpan<float> b, int ldb, bool transB,
        Span<float> c, int ldc, bool accumulate)
        => Multiply(GemmIsaInfo.Best, EngineThreads.Count, m, n, k, a, lda, transA, b, ldb, transB, c, ldc, accumulate);

    /// <summary>The same product with a chosen micro-kernel and worker count (tests check every path against the twin).</summary>
    internal static unsafe void Multiply(GemmIsa isa, int workers,
        int m, int n, int k,
        ReadOnlySpan<float> a, int lda, bool transA,
        ReadOnlySpan<float> b, int ldb, bool transB,
        Span<float> c, int ldc, bool accumulate)
    {
        Check(m, n, k, a.Length, lda, transA, b.Length, ldb, transB, c.Length, ldc);
        if (!GemmIsaInfo.IsSupported(isa))
            throw new PlatformNotSupportedException($"Gemm: micro-kernel {isa} is not supported on this CPU.");
        if (m == 0 || n == 0) return;
        fixed (float* pa = a, pb = b, pc = c)
        {
            if (workers <= 1 || (long)m * n * k < ParallelThreshold)
            {
                GemmBlocked.Run(isa, m, n, k, pa, lda, transA, pb, ldb, transB, pc, ldc, accumulate);
                return;
            }
            var job = GemmJob.ForThisThread;
            job.Set(isa, m, n, k, pa, lda, transA, pb, ldb, transB, pc, ldc, accumulate);
            WorkerPool.Run(job, workers);
        }
    }

    private static void Check(int m, int n, int k, int aLength, int lda, bool transA, int bLength, int ldb, bool transB,
        int cLength, int ldc)
    {
        if (m < 0 || n < 0 || k < 0)
            throw new ArgumentException($"Gemm: negative size m={m}, n={n}, k={k}.");
        var (aRows, aCols) = transA ? (k, m) : (m, k);
        var (bRows, bCols) = transB ? (n, k) : (k, n);
        Operand("A", aRows, aCols, lda, aLength);
        Operand("B", bRows, bCols, ldb, bLength);
        Operand("C", m, n, ldc, cLength);
    }

    private static void Operand(string name, int rows, int cols, int ld, int length)
    {
        if (rows == 0 || cols == 0) return;
        if (ld < cols)
            throw new ArgumentException($"Gemm: {name} is {rows}x{cols} but its leading dimension is {ld}.");
        long needed = (long)(rows - 1) * ld + cols;
        if (length < needed)
            throw new ArgumentException($"Gemm: {name} is {rows}x{cols} (leading dimension {ld}) and needs {needed} floats, got {length}.");
    }
}
