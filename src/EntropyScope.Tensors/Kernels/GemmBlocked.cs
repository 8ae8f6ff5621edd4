namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// Single-threaded, cache-blocked GEMM driver (Goto/BLIS loop order) on raw pointers:
/// for each NC-wide column panel and KC-deep slice, pack B (KC×NC, lives in L2), then for each MC-tall row block
/// pack A (MC×KC, also L2), then sweep MR×NR register tiles with the B sliver (KC×NR) held in L1 while the A slivers
/// stream. KC ≤ 320 keeps a B sliver at ≤ 40 KB of the 48 KB L1; B panel 320×512 (640 KB) plus A block 128×320 (160 KB)
/// fit the 1 MB per-core L2 of the target EPYC (Zen 5). Packing makes every product an NN product on aligned memory.
/// </summary>
internal static unsafe class GemmBlocked
{
    /// <summary>Deepest k slice; k is cut into equal slices no deeper than this (288 stays one slice, 512 two of 256).</summary>
    public const int KcMax = 320;
    public const int Nc = 512;
    private const int McFloats = 128;

    private static int Mc(int mr) => McFloats / mr * mr;

    /// <summary>Per-thread packing buffers, reused between calls (no allocation in steady state).</summary>
    [ThreadStatic] private static AlignedBuffer? packA;
    [ThreadStatic] private static AlignedBuffer? packB;

    /// <summary>C (m×n, ldc) (+)= op(A)·op(B) on this thread for dense operands. Transposes are absorbed by packing.</summary>
    public static void Run(GemmIsa isa, int m, int n, int k, float* a, int lda, bool transA, float* b, int ldb, bool transB,
        float* c, int ldc, bool accumulate)
        => Run(isa, m, n, k, new DenseOperands(a, lda, transA, b, ldb, transB), c, ldc, accumulate);

    /// <summary>C (m×n, ldc) (+)= op(A)·op(B) on this thread, the operands packed by <paramref name="operands"/>.</summary>
    public static void Run<TOperands>(GemmIsa isa, int m, int n, int k, TOperands operands, float* c, int ldc, bool accumulate)
        where TOperands : struct, IGemmOperands
    {
        if (m <= 0 || n <= 0) return;
        if (k <= 0)
        {
            if (!accumulate)
                for (int i = 0; i < m; i++) new Span<float>(c + (long)i * ldc, n).Clear();
            return;
        }

        var (mr, nr) = GemmIsaInfo.Tile(isa);
        int mcMax = Mc(mr);
        int slices = (k + KcMax - 1) / KcMax;
        int kcMax = (k + slices - 1) / slices;
        float* aPack = (packA ??= new AlignedBuffer()).Get((long)mcMax * KcMax);
        float* bPack = (packB ??= new AlignedBuffer()).Get((long)KcMax * Nc);
        float* edge = stackalloc float[8 * 32 + 16];

        for (int jc = 0; jc < n; jc += Nc)
        {
            int nc = Math.Min(Nc, n - jc);
            for (int pc = 0; pc < k; pc += kcMax)
            {
                int kc = Math.Min(kcMax, k - pc);
                bool add = accumulate || pc > 0;
                operands.PackB(kc, nc, nr, pc, jc, bPack);
                for (int ic = 0; ic < m; ic += mcMax)
                {
                    int mc = Math.Min(mcMax, m - ic);
                    operands.PackA(mc, kc, mr, ic, pc, aPack);
                    // B sliver (kc×NR ≤ 40 KB) stays in the 48 KB L1 while the A slivers of the block stream from L2.
                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int cols = Math.Min(nr, nc - jr);
                        float* bSliver = bPack + (long)jr * kc;
                        for (int ir = 0; ir < mc; ir += mr)
                        {
                            int rows = Math.Min(mr, mc - ir);
                            float* aSliver = aPack + (long)ir * kc;
                            float* cTile = c + (long)(ic + ir) * ldc + jc + jr;
                            if (rows == mr && cols == nr)
                                Tile(isa, kc, aSliver, bSliver, cTile, ldc, add);
                            else
                                EdgeTile(isa, kc, aSliver, bSliver, cTile, ldc, add, rows, cols, nr, edge);
                        }
                    }
                }
            }
        }
    }

    private static void Tile(GemmIsa isa, int kc, float* a, float* b, float* c, int ldc, bool add)
    {
        switch (isa)
        {
            case GemmIsa.Avx512: GemmMicroKernelAvx512.Run(kc, a, b, c, ldc, add); break;
            case GemmIsa.Avx2: GemmMicroKernelAvx2.Run(kc, a, b, c, ldc, add); break;
            default: GemmMicroKernelScalar.Run(kc, a, b, c, ldc, add); break;
        }
    }

    /// <summary>A partial tile at the matrix edge: compute the whole zero-padded tile into scratch, then copy the valid part.</summary>
    private static void EdgeTile(GemmIsa isa, int kc, float* a, float* b, float* c, int ldc, bool add, int rows, int cols, int nr,
        float* scratch)
    {
        float* tile = (float*)(((nint)scratch + 63) & ~(nint)63);
        Tile(isa, kc, a, b, tile, nr, add: false);
        for (int i = 0; i < rows; i++)
        {
            float* src = tile + i * nr;
            float* dst = c + (long)i * ldc;
            if (add)
                for (int j = 0; j < cols; j++) dst[j] += src[j];
            else
                for (int j = 0; j < cols; j++) dst[j] = src[j];
        }
    }
}
