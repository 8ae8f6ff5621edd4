namespace EntropyScope.IO;

/// <summary>
/// A set of trajectories: continuous coordinates (L steps × d) or discrete integer states (L steps, d = 1).
/// Values are finite (NaN/Inf are rejected when the set is opened). Safe for concurrent <see cref="CopySteps"/>.
/// </summary>
public interface ITrajectorySet : IDisposable
{
    /// <summary>Number of trajectories.</summary>
    int Count { get; }
    /// <summary>Coordinates per step (1 for discrete states).</summary>
    int Dimension { get; }
    /// <summary>True when the steps are integer states (from an integer NPY or a CSV 'state' column).</summary>
    bool IsDiscrete { get; }
    /// <summary>Number of steps of trajectory <paramref name="trajectory"/>.</summary>
    int Length(int trajectory);
    /// <summary>Copies steps [start, start + count) as count·d values (step-major) into <paramref name="destination"/>.</summary>
    void CopySteps(int trajectory, int start, int count, Span<float> destination);
}
