using EntropyScope.Estimators.MaxEnt.Observables;
using EntropyScope.IO;

namespace EntropyScope.Estimators.MaxEnt.Inputs;

/// <summary>Observables as an NPY matrix (n × m, any numeric dtype; a 1-D array is one observable), read once into float32.</summary>
public static class ObservableFile
{
    public static DenseObservables Load(string path)
    {
        using var a = NpyArray.Open(path);
        if (a.Shape.Length is not (1 or 2)) throw new InputException($"{path}: observables must be an n × m array (got shape ({string.Join(", ", a.Shape)}))");
        int n = a.Shape[0], m = a.Shape.Length == 2 ? a.Shape[1] : 1;
        if (m == 0) throw new InputException($"{path}: no observables (0 columns)");
        if ((long)n * m > Array.MaxLength) throw new InputException($"{path}: {(long)n * m} values are too many to hold in memory");
        var g = a.ReadAll<float>();
        for (long k = 0; k < g.Length; k++)
            if (!float.IsFinite(g[k])) throw new InputException($"{path}: non-finite value ({g[k]}) at sample {k / m}, observable {k % m}");
        return new DenseObservables(g, n, m);
    }

    /// <summary>Columns whose value never changes over the samples.</summary>
    public static List<int> ConstantColumns(DenseObservables g)
    {
        var result = new List<int>();
        if (g.Count == 0) return result;
        var first = g.Row(0).ToArray();
        var constant = Enumerable.Repeat(true, g.Dimension).ToArray();
        for (int k = 1; k < g.Count; k++)
        {
            var r = g.Row(k);
            for (int j = 0; j < r.Length; j++) if (r[j] != first[j]) constant[j] = false;
        }
        for (int j = 0; j < constant.Length; j++) if (constant[j]) result.Add(j);
        return result;
    }

    /// <summary>
    /// Rank of the (active) covariance by pivoted Cholesky when it is cheap (n·d² ≤ 4e9); null when skipped.
    /// Linearly dependent observables make the dual flat along null directions: BB is unaffected, Newton and the
    /// TUR bound use their εI/λI regularisers.
    /// </summary>
    public static int? CovarianceRank(DenseObservables g, bool[] active)
    {
        var cols = Enumerable.Range(0, g.Dimension).Where(j => active[j]).ToArray();
        int d = cols.Length, n = g.Count;
        if ((double)n * d * d > 4e9 || d == 0) return null;
        var mean = new double[d];
        for (int k = 0; k < n; k++) { var r = g.Row(k); for (int a = 0; a < d; a++) mean[a] += r[cols[a]]; }
        for (int a = 0; a < d; a++) mean[a] /= n;
        var c = new double[d, d];
        var x = new double[d];
        for (int k = 0; k < n; k++)
        {
            var r = g.Row(k);
            for (int a = 0; a < d; a++) x[a] = r[cols[a]] - mean[a];
            for (int a = 0; a < d; a++) for (int b = 0; b <= a; b++) c[a, b] += x[a] * x[b];
        }
        double scale = 0;
        for (int a = 0; a < d; a++) scale = Math.Max(scale, c[a, a]);
        // pivoted Cholesky: count pivots above a relative threshold
        var used = new bool[d];
        int rank = 0;
        for (int step = 0; step < d; step++)
        {
            int p = -1; double best = 0;
            for (int a = 0; a < d; a++) if (!used[a] && c[a, a] > best) { best = c[a, a]; p = a; }
            if (p < 0 || best <= 1e-10 * scale) break;
            used[p] = true; rank++;
            double piv = Math.Sqrt(best);
            var col = new double[d];
            for (int a = 0; a < d; a++) if (!used[a]) col[a] = (a > p ? c[a, p] : c[p, a]) / piv;
            for (int a = 0; a < d; a++)
                if (!used[a])
                    for (int b = 0; b <= a; b++) if (!used[b]) c[a, b] -= col[a] * col[b];
        }
        return rank;
    }
}
