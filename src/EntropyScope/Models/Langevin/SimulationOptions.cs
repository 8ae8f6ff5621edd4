using EntropyScope.Observation;
using EntropyScope.Observation.Noise;

namespace EntropyScope.Models.Langevin;

/// <summary>What every Langevin dataset shares: sizes, time step, integrator, seed and the measurement chain.</summary>
public sealed record SimulationOptions
{
    public int Movies { get; init; } = 1;
    public int Frames { get; init; } = 10_000;
    /// <summary>Δτ between stored frames (models.md §0: 0.01).</summary>
    public double Dt { get; init; } = 0.01;
    public Integrator Integrator { get; init; } = Integrator.EulerMaruyama;
    public ulong Seed { get; init; } = 1;
    /// <summary>False: trajectories, entropy and truth only (for trajectory estimators such as NEEP).</summary>
    public bool WriteMovies { get; init; } = true;
    public NoiseKind Noise { get; init; } = NoiseKind.None;
    public double Alpha { get; init; }
    /// <summary>"x,y,w,h", "a1" or "a2" (models.md §4 crop rule), or null for the whole frame.</summary>
    public string? Crop { get; init; }
    /// <summary>Width and height of an a1/a2 crop (the paper's 40×40).</summary>
    public int CropSize { get; init; } = 40;
    public Overlap Overlap { get; init; } = Overlap.Max;
    /// <summary>Worker threads for rendering (default: all cores).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    public void Validate()
    {
        if (Movies < 1) throw new InputException($"--movies must be ≥ 1 (got {Movies})");
        if (Frames < 2) throw new InputException($"--frames must be ≥ 2 (got {Frames})");
        if (!(Dt > 0) || double.IsInfinity(Dt)) throw new InputException($"--dt must be > 0 (got {Dt})");
        if (!(Alpha >= 0) || double.IsInfinity(Alpha)) throw new InputException($"--alpha must be ≥ 0 (got {Alpha})");
        if (Noise != NoiseKind.None && Alpha == 0) throw new InputException($"--noise {Noise.ToString().ToLowerInvariant()} needs --alpha > 0");
        if (CropSize < 1) throw new InputException($"--crop-size must be ≥ 1 (got {CropSize})");
        if (Threads < 1) throw new InputException($"--threads must be ≥ 1 (got {Threads})");
    }
}
