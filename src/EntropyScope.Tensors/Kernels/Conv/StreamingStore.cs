using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// Copies a finished image from an L1/L2 staging buffer to a large output with non-temporal (streaming) stores: whole
/// 64-byte lines go to memory without first being read (a plain store reads every line it writes, so a written output
/// costs twice its size in memory traffic). Worth it only when the output is far larger than the caches (CNEEP at batch
/// 4096: 26–105 MB per tensor, with two threads sharing the memory bandwidth); smaller outputs keep plain stores so
/// that they stay cached for the next layer. Callers end with <see cref="Fence"/> before the results are published.
/// </summary>
internal static unsafe class StreamingStore
{
    /// <summary>
    /// Outputs at least this large are written with streaming stores. Off by default (no size qualifies): on this machine
    /// no gain was measurable (one thread: equal or up to 25 % slower for conv1's forward; two threads: within the noise
    /// of a shared machine). Kept so that a quiet machine can try it (e.g. 16 MB, half the last-level cache); the tests
    /// set it to 0.
    /// </summary>
    internal static long ThresholdBytes = long.MaxValue;

    public static bool Worth(long outputFloats) => Avx512F.IsSupported && outputFloats >= ThresholdBytes / sizeof(float);

    /// <summary>dst[0..n) = src[0..n): the lines wholly inside dst streamed, the partial first and last lines stored plainly.</summary>
    public static void Copy(float* src, float* dst, int n)
    {
        int head = (int)((64 - ((nint)dst & 63)) & 63) / sizeof(float);
        if (((nint)dst & 3) != 0 || head >= n)
        {
            RunCopy.Exact(src, dst, n);
            return;
        }
        for (int i = 0; i < head; i++) dst[i] = src[i];
        int j = head;
        for (; j + 16 <= n; j += 16) Avx512F.StoreAlignedNonTemporal(dst + j, Vector512.Load(src + j));
        for (; j < n; j++) dst[j] = src[j];
    }

    /// <summary>Orders the streaming stores before whatever the worker does next (the pool's hand-back publishes them).</summary>
    public static void Fence() => Sse.StoreFence();
}
