namespace EntropyScope.IO;

/// <summary>Trajectories held in memory (read from text), each a step-major float array of L·d values.</summary>
internal sealed class InMemoryTrajectorySet(int dimension, bool discrete, float[][] trajectories) : ITrajectorySet
{
    public int Count => trajectories.Length;
    public int Dimension => dimension;
    public bool IsDiscrete => discrete;

    public int Length(int trajectory)
    {
        if ((uint)trajectory >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(trajectory), $"trajectory {trajectory} outside [0, {Count})");
        return trajectories[trajectory].Length / dimension;
    }

    public void CopySteps(int trajectory, int start, int count, Span<float> destination)
    {
        int steps = Length(trajectory);
        if (start < 0 || count < 0 || start > steps - count)
            throw new ArgumentOutOfRangeException(nameof(start), $"steps [{start}, {start + count}) outside trajectory {trajectory} of {steps} steps");
        int n = count * dimension;
        if (destination.Length < n) throw new ArgumentException($"destination holds {destination.Length} values, {count} steps × {dimension} need {n}", nameof(destination));
        trajectories[trajectory].AsSpan(start * dimension, n).CopyTo(destination);
    }

    public void Dispose() { }
}
