using System.Runtime.Intrinsics.X86;

namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// Which micro-kernel a GEMM runs, with its register tile MR×NR (rows of C × columns of C).
/// The best supported one is used; tests force each in turn so that every path is checked on one machine.
/// </summary>
internal enum GemmIsa { Scalar, Avx2, Avx512 }

internal static class GemmIsaInfo
{
    public static GemmIsa Best =>
        Avx512F.IsSupported ? GemmIsa.Avx512 :
        Avx2.IsSupported && Fma.IsSupported ? GemmIsa.Avx2 :
        GemmIsa.Scalar;

    public static bool IsSupported(GemmIsa isa) => isa switch
    {
        GemmIsa.Avx512 => Avx512F.IsSupported,
        GemmIsa.Avx2 => Avx2.IsSupported && Fma.IsSupported,
        _ => true,
    };

    /// <summary>
    /// AVX-512: 8×32 = 16 zmm accumulators (+2 B vectors + 1 broadcast of 32 registers): enough independent FMA
    /// chains to cover 4-cycle latency at 2 FMA/cycle, and MR = 8 divides the conv channel counts (32, 64).
    /// AVX2: 6×16 = 12 ymm accumulators of 16 registers, the classic Haswell tile. Scalar: 4×4.
    /// </summary>
    public static (int Mr, int Nr) Tile(GemmIsa isa) => isa switch
    {
        GemmIsa.Avx512 => (8, 32),
        GemmIsa.Avx2 => (6, 16),
        _ => (4, 4),
    };
}
