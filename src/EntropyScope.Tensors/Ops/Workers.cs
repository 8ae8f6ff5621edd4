using EntropyScope.Tensors.Kernels;

namespace EntropyScope.Tensors;

/// <summary>Splits a batch into <see cref="EngineThreads.Count"/> contiguous chunks and runs them in parallel (never nested).</summary>
internal static class Workers
{
    [ThreadStatic] private static bool _inside;

    /// <summary>Runs body(start, end) over [0, n) in at most EngineThreads.Count chunks; serially when n is small.</summary>
    public static void For(int n, int minChunk, Action<int, int> body)
    {
        int workers = Math.Min(EngineThreads.Count, Math.Max(1, n / Math.Max(1, minChunk)));
        if (workers <= 1 || _inside) { body(0, n); return; }
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
        {
            int start = (int)((long)n * w / workers), end = (int)((long)n * (w + 1) / workers);
            _inside = true;
            try { body(start, end); }
            finally { _inside = false; }
        });
    }
}
