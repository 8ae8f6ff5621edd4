namespace EntropyScope.Estimators.MaxEnt;

public enum MaxEntInput { Observables, Spikes, SpinFlips }

/// <summary>What `entropyscope maxent` was asked to do.</summary>
public sealed record MaxEntRequest
{
    public MaxEntInput Input { get; init; } = MaxEntInput.Observables;
    /// <summary>Observables NPY, spike raster NPY/CSV, or the spin-flip folder.</summary>
    public required string Path { get; init; }
    public string? ReversePath { get; init; }
    public bool Antisymmetric { get; init; }
    public double? Bin { get; init; }
    /// <summary>Hierarchy orders for spikes / spin flips (1: single-unit terms, 2: adds pairwise terms).</summary>
    public IReadOnlyList<int>? Orders { get; init; }
    /// <summary>Hierarchy for plain observables: nested column-prefix sizes.</summary>
    public IReadOnlyList<int>? Nested { get; init; }
    public bool DropConstant { get; init; }
    public MaxEntOptions Options { get; init; } = new();
    public int Threads { get; init; }
}
