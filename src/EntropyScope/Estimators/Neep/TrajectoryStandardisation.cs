using EntropyScope.IO;

namespace EntropyScope.Estimators.Neep;

/// <summary>
/// Per-coordinate standardisation from the training data (estimators.md §3, `train_bead_spring_high.py`):
/// x ↦ (x − mean_i)/std_i with float64 sums; identity for discrete states.
/// </summary>
public sealed record TrajectoryStandardisation(double[] Mean, double[] Std)
{
    public static TrajectoryStandardisation Identity(int dimension) =>
        new(new double[dimension], Enumerable.Repeat(1.0, dimension).ToArray());

    public static TrajectoryStandardisation Compute(ITrajectorySet set, IReadOnlyList<TrajectorySegment> segments)
    {
        int d = set.Dimension;
        var sum = new double[d];
        var sq = new double[d];
        long n = 0;
        var buffer = new float[4096 * d];
        foreach (var s in segments)
            for (int t = 0; t < s.Length; t += 4096)
            {
                int c = Math.Min(4096, s.Length - t);
                set.CopySteps(s.Trajectory, s.Start + t, c, buffer);
                for (int i = 0; i < c; i++)
                    for (int j = 0; j < d; j++)
                    {
                        double v = buffer[i * d + j];
                        sum[j] += v;
                        sq[j] += v * v;
                    }
                n += c;
            }
        var mean = new double[d];
        var std = new double[d];
        for (int j = 0; j < d; j++)
        {
            mean[j] = sum[j] / n;
            double var = Math.Max(0, sq[j] / n - mean[j] * mean[j]);
            std[j] = var > 0 ? Math.Sqrt(var) : 1;   // a constant coordinate stays centred, unscaled
        }
        return new TrajectoryStandardisation(mean, std);
    }

    /// <summary>Per coordinate, the std of the one-step increment of the standardised coordinate over the segments.</summary>
    public double[] IncrementStd(ITrajectorySet set, IReadOnlyList<TrajectorySegment> segments)
    {
        int d = set.Dimension;
        var sum = new double[d];
        var sq = new double[d];
        long n = 0;
        const int chunk = 4096;
        var buffer = new float[chunk * d];
        foreach (var s in segments)
            for (int t = 0; t + 1 < s.Length; t += chunk - 1) // chunks overlap by one step so every increment is seen once
            {
                int c = Math.Min(chunk, s.Length - t);
                set.CopySteps(s.Trajectory, s.Start + t, c, buffer);
                for (int i = 0; i + 1 < c; i++)
                    for (int j = 0; j < d; j++)
                    {
                        double v = (buffer[(i + 1) * d + j] - buffer[i * d + j]) / Std[j];
                        sum[j] += v;
                        sq[j] += v * v;
                    }
                n += c - 1;
            }
        var result = new double[d];
        for (int j = 0; j < d; j++)
        {
            double m = sum[j] / n, var = Math.Max(0, sq[j] / n - m * m);
            result[j] = var > 0 ? Math.Sqrt(var) : 1; // a coordinate that never moves: increments stay unscaled
        }
        return result;
    }
}
