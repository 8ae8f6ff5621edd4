using EntropyScope.Models.Langevin;
using EntropyScope.Observation;

namespace EntropyScope.Models.BeadSpring;

/// <summary>Everything that defines a bead-spring dataset (defaults: CNEEP Methods, models.md §1 and §3).</summary>
public sealed record BeadSpringOptions
{
    public int Beads { get; init; } = 2;
    public double Tc { get; init; } = 1;
    public double Th { get; init; } = 10;
    public double SpringConstant { get; init; } = 1;
    public double Friction { get; init; } = 1;
    /// <summary>CNEEP Fig. 3a: N = 4 as two independent wall-tied pairs.</summary>
    public bool TwoPairs { get; init; }
    public PairTemperatures PairTemperatures { get; init; } = PairTemperatures.Linspace;
    /// <summary>NEEP's high-dimensional chain: T_1 from the table for N, T_N = 10 (σ = 1).</summary>
    public bool HighDimensional { get; init; }
    /// <summary>Displacement std in pixels after normalisation (paper default 1; 0.07–1.5 for resolution studies).</summary>
    public double Std { get; init; } = 1;
    public DisplacementNormalisation Normalisation { get; init; } = DisplacementNormalisation.Stationary;
    public SimulationOptions Simulation { get; init; } = new();
}
