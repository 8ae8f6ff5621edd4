namespace EntropyScope.Models.Ising;

/// <summary>
/// Output of <see cref="IsingSampler"/>: States[s·N + i] ∈ {−1, +1} (int8, samples × N) and, for sequential
/// dynamics, Flips[s·N + i] = 1 when an independent Glauber attempt on spin i at recorded state s flipped it.
/// For parallel dynamics NextStates holds the synchronous update of each recorded state and Flips marks x'_i ≠ x_i.
/// </summary>
public sealed class IsingSamples
{
    public required int N { get; init; }
    public required int Count { get; init; }
    public required sbyte[] States { get; init; }
    public required byte[] Flips { get; init; }
    public sbyte[]? NextStates { get; init; }
    public required bool Parallel { get; init; }
    /// <summary>EP per attempt (sequential) or per step (parallel) from the rates averaged over recorded states:
    /// (1/N)Σ_i w_i(x)(−2βx_ih_i) — the Rao–Blackwellised form of Σ_i p_i⟨−2βx_ih_i⟩_flips.</summary>
    public required double RateEntropyRate { get; init; }
    /// <summary>"Empirical" EP from the recorded flips: Σ_i p_i⟨−2βx_ih_i⟩_{flips of i}, p_i = n_i/(N·S) (models.md §6).</summary>
    public required double EmpiricalEntropyRate { get; init; }
    public long[] FlipCounts { get; init; } = [];
}
