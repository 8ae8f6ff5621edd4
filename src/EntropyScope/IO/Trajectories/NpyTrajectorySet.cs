namespace EntropyScope.IO;

/// <summary>Trajectories in a memory-mapped NPY: float (M, L, d) / (L, d) / (L,), or integer states (M, L) / (L,).</summary>
internal sealed class NpyTrajectorySet : ITrajectorySet
{
    private readonly NpyArray _array;
    private readonly int _steps;

    public int Count { get; }
    public int Dimension { get; }
    public bool IsDiscrete { get; }

    public NpyTrajectorySet(string path)
    {
        _array = NpyArray.Open(path);
        try
        {
            int[] s = _array.Shape;
            string shape = "(" + string.Join(", ", s) + ")";
            IsDiscrete = NpyDTypes.IsInteger(_array.DType);
            if (IsDiscrete)
            {
                (Count, _steps) = s.Length switch
                {
                    1 => (1, s[0]),
                    2 => (s[0], s[1]),
                    _ => throw new InputException($"{path}: integer trajectories are discrete states of shape (M, L) or (L,); this one is {shape} (store coordinates as float)"),
                };
                Dimension = 1;
                CheckStatesFitFloat(path);
            }
            else
            {
                (Count, _steps, Dimension) = s.Length switch
                {
                    1 => (1, s[0], 1),
                    2 => (1, s[0], s[1]),
                    3 => (s[0], s[1], s[2]),
                    _ => throw new InputException($"{path}: float trajectories must be (M, L, d), (L, d) or (L,); this one is {shape}"),
                };
                CheckFinite(path);
            }
            if (Count < 1 || Dimension < 1) throw new InputException($"{path}: empty trajectory set {shape}");
            if (_steps < 2) throw new InputException($"{path}: trajectories need at least 2 steps; shape {shape} has {_steps}");
        }
        catch
        {
            _array.Dispose();
            throw;
        }
    }

    // One pass over the data at open: NaN/Inf anywhere is an input error, reported with its position.
    private void CheckFinite(string path)
    {
        var chunk = new float[1 << 16];
        for (long at = 0; at < _array.Length; at += chunk.Length)
        {
            var c = chunk.AsSpan(0, (int)Math.Min(chunk.Length, _array.Length - at));
            _array.CopyTo(at, c);
            long bad = ElementConvert.FirstNonFinite(c);
            if (bad < 0) continue;
            long i = at + bad, d = i % Dimension, step = i / Dimension % _steps, traj = i / Dimension / _steps;
            throw new InputException($"{path}: trajectory {traj}, step {step}, coordinate {d} is {c[(int)bad]}; trajectories must be finite");
        }
    }

    // States are handed out as float: |state| must stay below 2^24 to be exact.
    private void CheckStatesFitFloat(string path)
    {
        if (_array.DType is NpyDType.UInt8 or NpyDType.Int8 or NpyDType.Bool or NpyDType.UInt16 or NpyDType.Int16) return;
        var chunk = new long[1 << 15];
        for (long at = 0; at < _array.Length; at += chunk.Length)
        {
            var c = chunk.AsSpan(0, (int)Math.Min(chunk.Length, _array.Length - at));
            _array.CopyTo(at, c);
            for (int k = 0; k < c.Length; k++)
                if (Math.Abs(c[k]) > 1 << 24)
                    throw new InputException($"{path}: discrete state {c[k]} at trajectory {(at + k) / _steps}, step {(at + k) % _steps} is too large (|state| ≤ 2^24)");
        }
    }

    public int Length(int trajectory)
    {
        if ((uint)trajectory >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(trajectory), $"trajectory {trajectory} outside [0, {Count})");
        return _steps;
    }

    public void CopySteps(int trajectory, int start, int count, Span<float> destination)
    {
        int steps = Length(trajectory);
        if (start < 0 || count < 0 || start > steps - count)
            throw new ArgumentOutOfRangeException(nameof(start), $"steps [{start}, {start + count}) outside trajectory {trajectory} of {steps} steps");
        int n = checked(count * Dimension);
        if (destination.Length < n) throw new ArgumentException($"destination holds {destination.Length} values, {count} steps × {Dimension} need {n}", nameof(destination));
        _array.CopyTo(((long)trajectory * _steps + start) * Dimension, destination[..n]);
    }

    public void Dispose() => _array.Dispose();
}
