using EntropyScope.IO;

namespace EntropyScope.Estimators.Neep;

/// <summary>Checks discrete states (one integer per step) against the declared range 0 … tokens − 1.</summary>
public static class DiscreteStates
{
    /// <summary>Largest state in the set; a negative state is bad input.</summary>
    public static int Max(ITrajectorySet set, string path)
    {
        int max = 0;
        Scan(set, path, (m, t, s) =>
        {
            if (s < 0) throw new InputException($"{path}: trajectory {m} step {t}: discrete state {s} is negative (states must be 0, 1, 2, …)");
            if (s > max) max = s;
        });
        return max;
    }

    /// <summary>Every state must lie in 0 … tokens − 1.</summary>
    public static void CheckRange(ITrajectorySet set, string path, int tokens) =>
        Scan(set, path, (m, t, s) =>
        {
            if (s < 0 || s >= tokens)
                throw new InputException($"{path}: trajectory {m} step {t}: discrete state {s} is outside the declared range 0..{tokens - 1} (--states {tokens})");
        });

    private static void Scan(ITrajectorySet set, string path, Action<int, int, int> visit)
    {
        if (!set.IsDiscrete || set.Dimension != 1) throw new InputException($"{path}: expected discrete states (integer NPY or a CSV 'state' column)");
        var buffer = new float[65536];
        for (int m = 0; m < set.Count; m++)
            for (int t = 0; t < set.Length(m); t += buffer.Length)
            {
                int c = Math.Min(buffer.Length, set.Length(m) - t);
                set.CopySteps(m, t, c, buffer);
                for (int i = 0; i < c; i++) visit(m, t + i, (int)buffer[i]);
            }
    }
}
