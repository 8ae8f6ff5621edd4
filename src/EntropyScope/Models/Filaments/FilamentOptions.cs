using EntropyScope.Models.Langevin;

namespace EntropyScope.Models.Filaments;

/// <summary>Everything that defines a filament-network dataset (CNEEP Sec. IV and Methods, models.md §2).</summary>
public sealed record FilamentOptions
{
    public int Nodes { get; init; } = 6;
    public double Tc { get; init; } = 1;
    public double Th { get; init; } = 5;
    public double PHot { get; init; } = 0.3;
    public double SpringConstant { get; init; } = 1;
    public double Friction { get; init; } = 1;
    public Linearisation Linearisation { get; init; } = Linearisation.Isotropic;
    /// <summary>Pixels per unit displacement (the paper draws raw displacements: 1).</summary>
    public double DisplacementScale { get; init; } = 1;
    /// <summary>Seed of the quenched hot-node draw; null: derived from the simulation seed.</summary>
    public ulong? HotSeed { get; init; }
    public SimulationOptions Simulation { get; init; } = new() { Frames = 20_000 };
}
