namespace EntropyScope.Models.Ratchet;

/// <summary>Discrete flashing ratchet dataset (models.md §5; defaults from kdkyum/neep toy/ratchet.py).</summary>
public sealed record RatchetOptions
{
    public double Potential { get; init; } = 2;
    public double Temperature { get; init; } = 1;
    public double SwitchRate { get; init; } = 1;
    /// <summary>Observe only x = s mod 3 (a lower bound for any estimator).</summary>
    public bool Partial { get; init; }
    public long Steps { get; init; } = 1_000_000;
    public int Trajectories { get; init; } = 1;
    public ulong Seed { get; init; } = 1;
}
