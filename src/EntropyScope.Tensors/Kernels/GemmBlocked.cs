namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// Single-threaded, cache-blocked GEMM driver (Goto/BLIS loop order) on raw pointers:
/// for each NC-wide column panel and KC-deep slice, pack B (KC×NC, lives in L2), then for each MC-tall row block
/// pack A (MC×KC, also L2), then sweep MR×NR register tiles: A sliver (MR×KC ≤ 8 KB) stays in L1 while B slivers stream.
/// KC = 256 keeps a B sliver row-run (32 floats × 256) at 32 KB; B panel 256×512 = 512 KB and A block 128×256 = 128 KB
/// together fit the 1 MB per-core L2 of the target EPYC.
/// </summary>
internal static unsafe class GemmBlocked
{
    public const int Kc = 256;
    public const int Nc = 512;

    private static int Mc(int mr) => 128 / mr * mr;

    /// <summary>Per-thread packing buffers, reused between calls (no allocation in steady state).</summary>
    [ThreadStatic] private static AlignedBuffer? packA;
    [ThreadStatic] private static AlignedBuffer? packB;

    /// <summary>C (m×n, ldc) (+)= op(A)·op(B) on this thread. Transposes are absorbed by packing.</summary>
    public static void Run(GemmIsa isa, int m, int n, int k, float* a, int lda, bool transA, float* b, int ldb, bool transB,
        float* c, int ldc, bool accumulate)
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
        float* aPack = (packA ??= new AlignedBuffer()).Get((long)mcMax * Kc);
        float* bPack = (packB ??= new AlignedBuffer()).Get((long)Kc * Nc);
        float* edge = stackalloc float[8 * 32 + 16];

        for (int jc = 0; jc < n; jc += Nc)
        {
            int nc = Math.Min(Nc, n - jc);
            for (int pc = 0; pc < k; pc += Kc)
            {
                int kc = Math.Min(Kc, k - pc);
                bool add = accumulate || pc > 0;
                GemmPacking.PackB(kc, nc, nr, b, ldb, transB, pc, jc, bPack);
                for (int ic = 0; ic < m; ic += mcMax)
                {
                    int mc = Math.Min(mcMax, m - ic);
                    GemmPacking.PackA(mc, kc, mr, a, lda, transA, ic, pc, aPack);
                    for (int ir = 0; ir < mc; ir += mr)
                    {
                        int rows = Math.Min(mr, mc - ir);
                        float* aSliver = aPack + (long)ir * kc;
                        for (int jr = 0; jr < nc; jr += nr)
                        {
                            int cols = Math.Min(nr, nc - jr);
                            float* bSliver = bPack + (long)jr * kc;
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
