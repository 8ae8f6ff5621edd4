namespace EntropyScope.Estimators.MaxEnt;

/// <summary>One level of the hierarchical decomposition: Σ_k for the k-th nested observable set and its increment.</summary>
public sealed record HierarchyLevel(string Label, int Dimension, double EntropyProduction, double Increment, bool Capped);

/// <summary>Result of one MaxEnt estimate (estimators.md §4 "Reported value" and the companion bounds).</summary>
public sealed class MaxEntResult
{
    /// <summary>Σ_g = min(f_test(θ*), ln n_test): the held-out MaxEnt bound, nats per sample (step).</summary>
    public required double EntropyProduction { get; init; }
    public required bool Capped { get; init; }
    public required double TestObjective { get; init; }
    public required double ValidationObjective { get; init; }
    public required double TrainObjective { get; init; }
    /// <summary>Multidimensional TUR bound ln(1 + 2ḡᵀ(C + λI)⁻¹ḡ) (0 when negative, NaN or above ln n).</summary>
    public double TurBound { get; init; } = double.NaN;
    /// <summary>One-step Newton ("Gaussian") estimate f_test(θ̂), θ̂ = (Cov_p̃ + εI)⁻¹(⟨g⟩_p − ⟨g⟩_p̃), capped at ln n_test.</summary>
    public double NewtonEstimate { get; init; } = double.NaN;
    public required double[] Theta { get; init; }
    /// <summary>ln Z* = ln⟨e^{θ*ᵀg}⟩ over all reverse samples (σ_g = θ*ᵀg − ln Z*).</summary>
    public required double LogPartition { get; init; }
    public required IReadOnlyList<HierarchyLevel> Hierarchy { get; init; }
    public required int Iterations { get; init; }
    public required string StoppedBy { get; init; }
    public required int TrainCount { get; init; }
    public required int ValidationCount { get; init; }
    public required int TestCount { get; init; }
    public List<string> Notes { get; } = [];
}
