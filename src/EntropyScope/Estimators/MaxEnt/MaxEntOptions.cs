namespace EntropyScope.Estimators.MaxEnt;

/// <summary>Settings of one MaxEnt estimate (estimators.md §4).</summary>
public sealed record MaxEntOptions
{
    public MaxEntSolverOptions Solver { get; init; } = new();
    public int Seed { get; init; }
    public double TrainFraction { get; init; } = 0.7;
    public double ValidationFraction { get; init; } = 0.2;
    /// <summary>Nested observable sets g⁽¹⁾ ⊂ g⁽²⁾ ⊂ … as masks over the columns, with labels; the last set is the
    /// one reported as the main estimate. Null: one set, all (active) columns.</summary>
    public IReadOnlyList<(string Label, bool[] Active)>? Hierarchy { get; init; }
    /// <summary>Columns never used (dropped constants); applied on top of every hierarchy mask.</summary>
    public bool[]? Active { get; init; }
    /// <summary>TUR regulariser λ in (C + λI)⁻¹.</summary>
    public double TurRegularisation { get; init; } = 1e-4;
    public bool ComputeTur { get; init; } = true;
    public bool ComputeNewtonEstimate { get; init; } = true;
    /// <summary>Fewest samples accepted (each split part must be non-empty).</summary>
    public int MinimumSamples { get; init; } = 10;
}
