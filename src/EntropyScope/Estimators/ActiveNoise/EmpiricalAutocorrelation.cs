namespace EntropyScope.Estimators.ActiveNoise;

/// <summary>
/// Empirical position autocorrelation C(j) = (1/(L−j)) Σ_t (x_t − x̄)(x_{t+j} − x̄), j = 0…J (estimators.md §5, paper Fig. 5).
/// Removing the sample mean biases C(j) down by about Var(x̄); the trap centre is unknown in real data, so we accept it.
/// </summary>
public static class EmpiricalAutocorrelation
{
    public static double[] Of(ReadOnlySpan<double> x, int maxLag)
    {
        int length = x.Length;
        maxLag = Math.Min(maxLag, length - 1);
        double mean = 0;
        foreach (double v in x) mean += v;
        mean /= length;
        var c = new double[maxLag + 1];
        for (int j = 0; j <= maxLag; j++)
        {
            double s = 0;
            for (int t = 0; t + j < length; t++) s += (x[t] - mean) * (x[t + j] - mean);
            c[j] = s / (length - j);
        }
        return c;
    }

    /// <summary>Average over trajectories of equal length (row-major count × length).</summary>
    public static double[] Average(ReadOnlySpan<double> positions, int count, int length, int maxLag)
    {
        var sum = new double[Math.Min(maxLag, length - 1) + 1];
        for (int i = 0; i < count; i++)
        {
            var c = Of(positions.Slice(i * length, length), maxLag);
            for (int j = 0; j < sum.Length; j++) sum[j] += c[j] / count;
        }
        return sum;
    }
}
