namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// One threaded GEMM call: worker w takes a contiguous share of C's rows (multiples of MR), or of its columns
/// (multiples of NR) when there are too few rows, and runs the blocked driver on it with its own packing buffers.
/// Splitting C (not k) means no reduction and no sharing; the cost is that each worker packs the other operand itself.
/// </summary>
internal sealed unsafe class GemmJob : ParallelJob
{
    [ThreadStatic] private static GemmJob? perThread;
    public static GemmJob ForThisThread => perThread ??= new GemmJob();

    private GemmIsa isa;
    private int m, n, k, lda, ldb, ldc;
    private float* a, b, c;
    private bool transA, transB, accumulate;

    public void Set(GemmIsa isa, int m, int n, int k, float* a, int lda, bool transA, float* b, int ldb, bool transB,
        float* c, int ldc, bool accumulate)
    {
        (this.isa, this.m, this.n, this.k, this.lda, this.transA) = (isa, m, n, k, lda, transA);
        (this.ldb, this.transB, this.ldc, this.accumulate) = (ldb, transB, ldc, accumulate);
        this.a = a;
        this.b = b;
        this.c = c;
    }

    public override void Execute(int worker, int workers)
    {
        var (mr, nr) = GemmIsaInfo.Tile(isa);
        if (m >= workers * 2 * mr || m >= n)
        {
            var (i0, rows) = Share(m, mr, worker, workers);
            if (rows == 0) return;
            float* aPart = transA ? a + i0 : a + (long)i0 * lda;
            GemmBlocked.Run(isa, rows, n, k, aPart, lda, transA, b, ldb, transB, c + (long)i0 * ldc, ldc, accumulate);
        }
        else
        {
            var (j0, cols) = Share(n, nr, worker, workers);
            if (cols == 0) return;
            float* bPart = transB ? b + (long)j0 * ldb : b + j0;
            GemmBlocked.Run(isa, m, cols, k, a, lda, transA, bPart, ldb, transB, c + j0, ldc, accumulate);
        }
    }

    /// <summary>Worker w's range of [0, size) in whole units of `unit`, as even as possible.</summary>
    internal static (int Start, int Count) Share(int size, int unit, int worker, int workers)
    {
        int units = (size + unit - 1) / unit;
        int start = (int)((long)units * worker / workers) * unit;
        int end = (int)((long)units * (worker + 1) / workers) * unit;
        return (Math.Min(start, size), Math.Min(end, size) - Math.Min(start, size));
    }
}
