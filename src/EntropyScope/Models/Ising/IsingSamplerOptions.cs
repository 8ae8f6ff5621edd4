namespace EntropyScope.Models.Ising;

/// <summary>Sampler settings (models.md §6 "Sampler"): independent restarts, warm-up, thinning, flip flags.</summary>
public sealed record IsingSamplerOptions
{
    public double Beta { get; init; } = 1.0;
    /// <summary>Recorded states = samples per spin (each recorded state gets one flip attempt per spin).</summary>
    public int SamplesPerSpin { get; init; } = 10_000;
    public int Restarts { get; init; } = 1000;
    /// <summary>Synchronous updates of all spins instead of sequential single-spin attempts.</summary>
    public bool Parallel { get; init; }
    public int Seed { get; init; }
    /// <summary>Worker threads over restarts (results do not depend on it).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;
}
