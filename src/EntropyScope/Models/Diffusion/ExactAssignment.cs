namespace EntropyScope.Models.Diffusion;

/// <summary>
/// Exact minimum-cost assignment (Hungarian method with row potentials and shortest augmenting paths, O(n³)).
/// Used for W₁ between equal-size 2D samples: sliced or entropic approximations only bound W₁ from one side and
/// must not be used to test "≤" (estimators.md §6).
/// </summary>
public static class ExactAssignment
{
    /// <summary>Returns assignment[i] = column matched to row i minimising Σ cost[i, assignment[i]] (n × n, row-major).</summary>
    public static int[] Solve(double[] cost, int n)
    {
        if (cost.Length != n * n) throw new ArgumentException("cost must be n × n");
        // 1-based potentials u (rows), v (columns); p[j] = row matched to column j; way[j] = previous column on the path.
        var u = new double[n + 1];
        var v = new double[n + 1];
        var p = new int[n + 1];
        var way = new int[n + 1];
        var minv = new double[n + 1];
        var used = new bool[n + 1];
        for (int i = 1; i <= n; i++)
        {
            p[0] = i;
            int j0 = 0;
            Array.Fill(minv, double.PositiveInfinity);
            Array.Fill(used, false);
            do
            {
                used[j0] = true;
                int i0 = p[j0], j1 = 0;
                double delta = double.PositiveInfinity, ui0 = u[i0];
                int rowOffset = (i0 - 1) * n - 1;
                for (int j = 1; j <= n; j++)
                {
                    if (used[j]) continue;
                    double cur = cost[rowOffset + j] - ui0 - v[j];
                    if (cur < minv[j]) { minv[j] = cur; way[j] = j0; }
                    if (minv[j] < delta) { delta = minv[j]; j1 = j; }
                }
                for (int j = 0; j <= n; j++)
                {
                    if (used[j]) { u[p[j]] += delta; v[j] -= delta; }
                    else minv[j] -= delta;
                }
                j0 = j1;
            } while (p[j0] != 0);
            do
            {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        var assignment = new int[n];
        for (int j = 1; j <= n; j++) assignment[p[j] - 1] = j - 1;
        return assignment;
    }

    /// <summary>
    /// W₁ between two equal-size 2D point sets (x, y interleaved) with the Euclidean ground cost, and the optimal
    /// matching (for the Danskin derivative ∂_tW₁ along a flow).
    /// </summary>
    public static (double W1, int[] Match) Wasserstein1(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int n = a.Length / 2;
        if (b.Length != a.Length) throw new ArgumentException("W1 needs equal-size samples");
        var cost = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double dx = a[2 * i] - b[2 * j], dy = a[2 * i + 1] - b[2 * j + 1];
                cost[i * n + j] = Math.Sqrt(dx * dx + dy * dy);
            }
        var match = Solve(cost, n);
        double sum = 0;
        for (int i = 0; i < n; i++) sum += cost[i * n + match[i]];
        return (sum / n, match);
    }
}
