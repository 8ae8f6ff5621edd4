using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// AVX2+FMA register tile: a 6×16 block of C in 12 ymm accumulators (of 16 registers: 12 + 2 B vectors + 1 broadcast),
/// the classic Haswell shape; used on machines without AVX-512.
/// </summary>
internal static unsafe class GemmMicroKernelAvx2
{
    public const int Mr = 6, Nr = 16;

    /// <summary>C[0..6, 0..16] (+)= Σ_p a[p·6 + i]·b[p·16 + j] over packed slivers; add=false overwrites C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, float* b, float* c, int ldc, bool add)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        // Touch the C tile now so its lines arrive (from L2/L3) while the FMAs run, not when the tile is stored.
        for (int i = 0; i < Mr; i++)
        {
            Sse.Prefetch0(c + i * ldc);
            Sse.Prefetch0(c + i * ldc + 15);
        }
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(b + 0);
            var b1 = Vector256.Load(b + 8);
            var a0 = Vector256.Create(a[0]);
            c00 = Fma.MultiplyAdd(a0, b0, c00);
            c01 = Fma.MultiplyAdd(a0, b1, c01);
            var a1 = Vector256.Create(a[1]);
            c10 = Fma.MultiplyAdd(a1, b0, c10);
            c11 = Fma.MultiplyAdd(a1, b1, c11);
            var a2 = Vector256.Create(a[2]);
            c20 = Fma.MultiplyAdd(a2, b0, c20);
            c21 = Fma.MultiplyAdd(a2, b1, c21);
            var a3 = Vector256.Create(a[3]);
            c30 = Fma.MultiplyAdd(a3, b0, c30);
            c31 = Fma.MultiplyAdd(a3, b1, c31);
            var a4 = Vector256.Create(a[4]);
            c40 = Fma.MultiplyAdd(a4, b0, c40);
            c41 = Fma.MultiplyAdd(a4, b1, c41);
            var a5 = Vector256.Create(a[5]);
            c50 = Fma.MultiplyAdd(a5, b0, c50);
            c51 = Fma.MultiplyAdd(a5, b1, c51);
            a += 6;
            b += 16;
        }
        if (add)
        {
            c00 += Vector256.Load(c + 0 * ldc + 0);
            c01 += Vector256.Load(c + 0 * ldc + 8);
            c10 += Vector256.Load(c + 1 * ldc + 0);
            c11 += Vector256.Load(c + 1 * ldc + 8);
            c20 += Vector256.Load(c + 2 * ldc + 0);
            c21 += Vector256.Load(c + 2 * ldc + 8);
            c30 += Vector256.Load(c + 3 * ldc + 0);
            c31 += Vector256.Load(c + 3 * ldc + 8);
            c40 += Vector256.Load(c + 4 * ldc + 0);
            c41 += Vector256.Load(c + 4 * ldc + 8);
            c50 += Vector256.Load(c + 5 * ldc + 0);
            c51 += Vector256.Load(c + 5 * ldc + 8);
        }
        c00.Store(c + 0 * ldc + 0);
        c01.Store(c + 0 * ldc + 8);
        c10.Store(c + 1 * ldc + 0);
        c11.Store(c + 1 * ldc + 8);
        c20.Store(c + 2 * ldc + 0);
        c21.Store(c + 2 * ldc + 8);
        c30.Store(c + 3 * ldc + 0);
        c31.Store(c + 3 * ldc + 8);
        c40.Store(c + 4 * ldc + 0);
        c41.Store(c + 4 * ldc + 8);
        c50.Store(c + 5 * ldc + 0);
        c51.Store(c + 5 * ldc + 8);
    }
}
