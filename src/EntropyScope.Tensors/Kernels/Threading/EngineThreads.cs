namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// The fixed worker count of every threaded kernel (GEMM panels, convolution batches).
/// Fixed rather than adaptive so that timings are reproducible and no kernel ever nests parallelism.
/// </summary>
public static class EngineThreads
{
    private static int count = Environment.ProcessorCount;

    /// <summary>Worker count, at least 1. Defaults to <see cref="Environment.ProcessorCount"/>.</summary>
    public static int Count
    {
        get => count;
        set
        {
            if (value < 1)
                throw new ArgumentOutOfRangeException(nameof(value), value, "EngineThreads.Count must be at least 1.");
            count = value;
        }
    }

    /// <summary>
    /// Until the returned scope is disposed, every kernel called from this thread runs inline on it (one worker).
    /// For code that already splits its work across threads: no nested parallelism, and, unlike setting
    /// <see cref="Count"/>, no effect on other threads.
    /// </summary>
    public static InlineScope InlineOnThisThread()
    {
        bool outer = WorkerPool.InlineRequested;
        WorkerPool.InlineRequested = true;
        return new InlineScope(outer);
    }

    public readonly struct InlineScope : IDisposable
    {
        private readonly bool _outer;
        internal InlineScope(bool outer) => _outer = outer;
        public void Dispose() => WorkerPool.InlineRequested = _outer;
    }
}
