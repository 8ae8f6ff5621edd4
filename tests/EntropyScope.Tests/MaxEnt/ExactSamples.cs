using EntropyScope.Estimators.MaxEnt.Observables;

namespace EntropyScope.Tests.MaxEnt;

/// <summary>Sample sets whose empirical law equals a known distribution up to rounding: outcome o repeated round(p_o·M) times.</summary>
internal static class ExactSamples
{
    public static DenseObservables Replicate(IReadOnlyList<(double P, double[] G)> outcomes, int total)
    {
        var rows = new List<double[]>();
        foreach (var (p, g) in outcomes)
        {
            int c = (int)Math.Round(p * total);
            for (int k = 0; k < c; k++) rows.Add(g);
        }
        return DenseObservables.FromRows(rows.ToArray());
    }

    /// <summary>Stationary law of a row-stochastic matrix by power iteration (small chains only).</summary>
    public static double[] Stationary(double[,] p)
    {
        int s = p.GetLength(0);
        var pi = Enumerable.Repeat(1.0 / s, s).ToArray();
        for (int it = 0; it < 100_000; it++)
        {
            var next = new double[s];
            for (int a = 0; a < s; a++) for (int b = 0; b < s; b++) next[b] += pi[a] * p[a, b];
            double diff = 0;
            for (int a = 0; a < s; a++) diff += Math.Abs(next[a] - pi[a]);
            pi = next;
            if (diff < 1e-15) break;
        }
        return pi;
    }
}
