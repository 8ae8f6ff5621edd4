using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// AVX-512 register tile: an 8×32 block of C held in 16 zmm accumulators while the packed A sliver (8 values per p,
/// broadcast) and B sliver (32 values per p, two vectors) stream past. Unrolled in full so the JIT keeps every
/// accumulator in a register; 16 independent FMA chains hide the 4-cycle FMA latency at two FMAs per cycle.
/// </summary>
internal static unsafe class GemmMicroKernelAvx512
{
    public const int Mr = 8, Nr = 32;

    /// <summary>C[0..8, 0..32] (+)= Σ_p a[p·8 + i]·b[p·32 + j] over packed slivers; add=false overwrites C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, float* b, float* c, int ldc, bool add)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default;
        // Touch the C tile now so its lines arrive (from L2/L3) while the FMAs run, not when the tile is stored.
        for (int i = 0; i < Mr; i++)
        {
            Sse.Prefetch0(c + i * ldc);
            Sse.Prefetch0(c + i * ldc + 16);
        }
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b + 0);
            var b1 = Vector512.Load(b + 16);
            var a0 = Vector512.Create(a[0]);
            c00 = Avx512F.FusedMultiplyAdd(a0, b0, c00);
            c01 = Avx512F.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(a[1]);
            c10 = Avx512F.FusedMultiplyAdd(a1, b0, c10);
            c11 = Avx512F.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(a[2]);
            c20 = Avx512F.FusedMultiplyAdd(a2, b0, c20);
            c21 = Avx512F.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(a[3]);
            c30 = Avx512F.FusedMultiplyAdd(a3, b0, c30);
            c31 = Avx512F.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector512.Create(a[4]);
            c40 = Avx512F.FusedMultiplyAdd(a4, b0, c40);
            c41 = Avx512F.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector512.Create(a[5]);
            c50 = Avx512F.FusedMultiplyAdd(a5, b0, c50);
            c51 = Avx512F.FusedMultiplyAdd(a5, b1, c51);
            var a6 = Vector512.Create(a[6]);
            c60 = Avx512F.FusedMultiplyAdd(a6, b0, c60);
            c61 = Avx512F.FusedMultiplyAdd(a6, b1, c61);
            var a7 = Vector512.Create(a[7]);
            c70 = Avx512F.FusedMultiplyAdd(a7, b0, c70);
            c71 = Avx512F.FusedMultiplyAdd(a7, b1, c71);
            a += 8;
            b += 32;
        }
        if (add)
        {
            c00 += Vector512.Load(c + 0 * ldc + 0);
            c01 += Vector512.Load(c + 0 * ldc + 16);
            c10 += Vector512.Load(c + 1 * ldc + 0);
            c11 += Vector512.Load(c + 1 * ldc + 16);
            c20 += Vector512.Load(c + 2 * ldc + 0);
            c21 += Vector512.Load(c + 2 * ldc + 16);
            c30 += Vector512.Load(c + 3 * ldc + 0);
            c31 += Vector512.Load(c + 3 * ldc + 16);
            c40 += Vector512.Load(c + 4 * ldc + 0);
            c41 += Vector512.Load(c + 4 * ldc + 16);
            c50 += Vector512.Load(c + 5 * ldc + 0);
            c51 += Vector512.Load(c + 5 * ldc + 16);
            c60 += Vector512.Load(c + 6 * ldc + 0);
            c61 += Vector512.Load(c + 6 * ldc + 16);
            c70 += Vector512.Load(c + 7 * ldc + 0);
            c71 += Vector512.Load(c + 7 * ldc + 16);
        }
        c00.Store(c + 0 * ldc + 0);
        c01.Store(c + 0 * ldc + 16);
        c10.Store(c + 1 * ldc + 0);
        c11.Store(c + 1 * ldc + 16);
        c20.Store(c + 2 * ldc + 0);
        c21.Store(c + 2 * ldc + 16);
        c30.Store(c + 3 * ldc + 0);
        c31.Store(c + 3 * ldc + 16);
        c40.Store(c + 4 * ldc + 0);
        c41.Store(c + 4 * ldc + 16);
        c50.Store(c + 5 * ldc + 0);
        c51.Store(c + 5 * ldc + 16);
        c60.Store(c + 6 * ldc + 0);
        c61.Store(c + 6 * ldc + 16);
        c70.Store(c + 7 * ldc + 0);
        c71.Store(c + 7 * ldc + 16);
    }
}
