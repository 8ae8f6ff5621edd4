using EntropyScope.Estimators.Training;
using EntropyScope.IO;

namespace EntropyScope.Estimators.Neep;

/// <summary>Segments of an <see cref="ITrajectorySet"/> as standardised state sequences for the training machinery.</summary>
public sealed class TrajectoryWindowSource : IWindowSource
{
    private readonly ITrajectorySet _set;
    private readonly TrajectorySegment[] _segments;
    private readonly float[] _mean, _scale;
    private readonly bool _identity;
    private readonly TrajectoryTruth? _truth;
    private readonly double[]?[] _truthCache;

    public TrajectoryWindowSource(ITrajectorySet set, IReadOnlyList<TrajectorySegment> segments, TrajectoryStandardisation standardisation, TrajectoryTruth? truth)
    {
        _set = set;
        _segments = segments.ToArray();
        _mean = standardisation.Mean.Select(v => (float)v).ToArray();
        _scale = standardisation.Std.Select(v => (float)(1 / v)).ToArray();
        _identity = _mean.All(v => v == 0) && _scale.All(v => v == 1);
        _truth = truth is { HasPerStep: true } ? truth : null;
        _truthCache = new double[]?[_segments.Length];
    }

    public int Count => _segments.Length;
    public int ItemSize => _set.Dimension;
    public int Length(int sequence) => _segments[sequence].Length;
    public TrajectorySegment Segment(int sequence) => _segments[sequence];

    public void CopyItems(int sequence, int start, int count, Span<float> destination)
    {
        var s = _segments[sequence];
        int d = _set.Dimension;
        Span<float> dst = destination[..(count * d)];
        _set.CopySteps(s.Trajectory, s.Start + start, count, dst);
        if (_identity) return;
        for (int i = 0; i < count; i++)
            for (int j = 0; j < d; j++)
                dst[i * d + j] = (dst[i * d + j] - _mean[j]) * _scale[j];
    }

    public double[]? TruePerStep(int sequence)
    {
        if (_truth == null) return null;
        var s = _segments[sequence];
        return _truthCache[sequence] ??= _truth.PerStep(s.Trajectory, s.Start, s.Length - 1);
    }

    /// <summary>Every trajectory whole.</summary>
    public static TrajectorySegment[] Whole(ITrajectorySet set) =>
        Enumerable.Range(0, set.Count).Select(m => new TrajectorySegment(m, 0, set.Length(m))).ToArray();
}
