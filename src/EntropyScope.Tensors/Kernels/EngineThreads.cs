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
}
