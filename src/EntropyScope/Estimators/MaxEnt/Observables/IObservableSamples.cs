namespace EntropyScope.Estimators.MaxEnt.Observables;

/// <summary>
/// n samples of an observable vector g_k ∈ ℝᵈ, used only through the two products the MaxEnt dual needs
/// (estimators.md §4 "Empirical form"), so large d (pairwise spike observables, N−1 spin couplings) never
/// needs an n×d matrix.
/// </summary>
public interface IObservableSamples
{
    int Count { get; }
    int Dimension { get; }

    /// <summary>a[k] = θᵀ g_{rows[k]}.</summary>
    void Project(ReadOnlySpan<int> rows, ReadOnlySpan<double> theta, Span<double> a);

    /// <summary>result = Σ_k weights[k] g_{rows[k]} (overwrites result).</summary>
    void WeightedSum(ReadOnlySpan<int> rows, ReadOnlySpan<double> weights, Span<double> result);

    /// <summary>Human-readable name of observable j (for notes about dropped columns).</summary>
    string Name(int j) => $"column {j}";
}
