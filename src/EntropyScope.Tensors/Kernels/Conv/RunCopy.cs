using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// Copies of short runs (a feature-map row: 5–40 floats) with no call and no write outside [0, n): whole vectors plus
/// one last vector that overlaps the previous one. Memmove's call overhead dominates at these lengths.
/// </summary>
internal static unsafe class RunCopy
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Exact(float* src, float* dst, int n)
    {
        if (n >= 16 && Vector512.IsHardwareAccelerated)
        {
            int i = 0;
            for (; i + 16 < n; i += 16) Vector512.Load(src + i).Store(dst + i);
            Vector512.Load(src + n - 16).Store(dst + n - 16);
        }
        else if (n >= 8)
        {
            int i = 0;
            for (; i + 8 < n; i += 8) Vector256.Load(src + i).Store(dst + i);
            Vector256.Load(src + n - 8).Store(dst + n - 8);
        }
        else if (n >= 4)
        {
            Vector128.Load(src).Store(dst);
            Vector128.Load(src + n - 4).Store(dst + n - 4);
        }
        else
        {
            for (int i = 0; i < n; i++) dst[i] = src[i];
        }
    }
}
