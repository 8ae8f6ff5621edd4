using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// 8×8 float transpose in AVX registers (unpack, shuffle, lane permute: 24 shuffles per 64 floats). Packing a row-major
/// operand into column-interleaved slivers is a transpose; doing it 8×8 in registers instead of element by element is
/// what keeps packing cheap next to the FMAs when an operand is reused only a few dozen times (convolution GEMMs).
/// </summary>
internal static unsafe class Transpose8x8
{
    public static bool IsSupported => Avx.IsSupported;

    /// <summary>dst[c·ldDst + r] = row_r[c] for r, c in 0..8, with row_r = src + rowOffset_r.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run(float* r0, float* r1, float* r2, float* r3, float* r4, float* r5, float* r6, float* r7, float* dst, int ldDst)
    {
        var t0 = Avx.UnpackLow(Avx.LoadVector256(r0), Avx.LoadVector256(r1));
        var t1 = Avx.UnpackHigh(Avx.LoadVector256(r0), Avx.LoadVector256(r1));
        var t2 = Avx.UnpackLow(Avx.LoadVector256(r2), Avx.LoadVector256(r3));
        var t3 = Avx.UnpackHigh(Avx.LoadVector256(r2), Avx.LoadVector256(r3));
        var t4 = Avx.UnpackLow(Avx.LoadVector256(r4), Avx.LoadVector256(r5));
        var t5 = Avx.UnpackHigh(Avx.LoadVector256(r4), Avx.LoadVector256(r5));
        var t6 = Avx.UnpackLow(Avx.LoadVector256(r6), Avx.LoadVector256(r7));
        var t7 = Avx.UnpackHigh(Avx.LoadVector256(r6), Avx.LoadVector256(r7));
        var u0 = Avx.Shuffle(t0, t2, 0x44);
        var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44);
        var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44);
        var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44);
        var u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(dst + 0 * ldDst, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(dst + 1 * ldDst, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(dst + 2 * ldDst, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(dst + 3 * ldDst, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(dst + 4 * ldDst, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(dst + 5 * ldDst, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(dst + 6 * ldDst, Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(dst + 7 * ldDst, Avx.Permute2x128(u3, u7, 0x31));
    }

    /// <summary>Rows at a fixed stride: row_r = src + r·ld.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Strided(float* src, long ld, float* dst, int ldDst) =>
        Run(src, src + ld, src + 2 * ld, src + 3 * ld, src + 4 * ld, src + 5 * ld, src + 6 * ld, src + 7 * ld, dst, ldDst);
}
