namespace EntropyScope.Models.Ising;

/// <summary>
/// Asymmetric couplings of the kinetic Ising model (models.md §6): J_ij = J0/N + DJ·z_ij·m_ij/√k with
/// z ~ N(0,1), m ~ Bernoulli(k/(N−1)) per ordered pair, J_ii = 0; dense (k = null) uses √N as normaliser.
/// The DJ part is kept as sparse rows (in-neighbours) and columns (out-neighbours); the J0/N part is applied
/// through the magnetisation, so fields cost O(k) even when J0 ≠ 0.
/// </summary>
public sealed class IsingCouplings
{
    public int N { get; }
    public double J0 { get; }
    /// <summary>Row i lists (j, DJ part of J_ij): the spins whose state enters the field on i.</summary>
    public (int[] Index, double[] Value)[] Rows { get; }
    /// <summary>Column j lists (i, DJ part of J_ij): the fields that change when spin j flips.</summary>
    public (int[] Index, double[] Value)[] Columns { get; }

    public IsingCouplings(int n, double j0, (int[] Index, double[] Value)[] rows)
    {
        if (n < 2) throw new InputException($"--spins must be at least 2 (got {n})");
        N = n; J0 = j0; Rows = rows;
        var cols = new List<(int, double)>[n];
        for (int j = 0; j < n; j++) cols[j] = new();
        for (int i = 0; i < n; i++)
            for (int a = 0; a < rows[i].Index.Length; a++) cols[rows[i].Index[a]].Add((i, rows[i].Value[a]));
        Columns = cols.Select(c => (c.Select(t => t.Item1).ToArray(), c.Select(t => t.Item2).ToArray())).ToArray();
    }

    /// <summary>Random couplings as in models.md §6; k = null gives dense couplings normalised by √N.</summary>
    public static IsingCouplings Random(int n, int? k, double j0, double dj, int seed)
    {
        if (n < 2) throw new InputException($"--spins must be at least 2 (got {n})");
        if (k is { } kk && (kk < 1 || kk > n - 1)) throw new InputException($"--k must be in [1, N−1] = [1, {n - 1}] (got {kk})");
        var rng = new Random(seed);
        double p = k is { } k1 ? (double)k1 / (n - 1) : 1.0;
        double scale = dj / Math.Sqrt(k ?? n);
        var rows = new (int[], double[])[n];
        var idx = new List<int>(); var val = new List<double>();
        for (int i = 0; i < n; i++)
        {
            idx.Clear(); val.Clear();
            for (int j = 0; j < n; j++)
            {
                if (j == i) continue;
                if (k is not null && rng.NextDouble() >= p) continue;
                double z = Gaussian(rng);
                if (scale * z == 0) continue;
                idx.Add(j); val.Add(scale * z);
            }
            rows[i] = (idx.ToArray(), val.ToArray());
        }
        return new IsingCouplings(n, j0, rows);
    }

    /// <summary>Couplings from a dense row-major matrix (row i = field on spin i); the diagonal must be zero.</summary>
    public static IsingCouplings FromDense(double[,] j)
    {
        int n = j.GetLength(0);
        var rows = new (int[], double[])[n];
        for (int i = 0; i < n; i++)
        {
            var ix = new List<int>(); var v = new List<double>();
            for (int c = 0; c < n; c++)
                if (c != i && j[i, c] != 0) { ix.Add(c); v.Add(j[i, c]); }
            rows[i] = (ix.ToArray(), v.ToArray());
        }
        return new IsingCouplings(n, 0, rows);
    }

    /// <summary>The full J as a dense row-major N×N array (J_ii = 0).</summary>
    public double[] ToDense()
    {
        var d = new double[(long)N * N];
        for (int i = 0; i < N; i++)
        {
            if (J0 != 0) for (int j = 0; j < N; j++) if (j != i) d[(long)i * N + j] = J0 / N;
            var (ix, v) = Rows[i];
            for (int a = 0; a < ix.Length; a++) d[(long)i * N + ix[a]] += v[a];
        }
        return d;
    }

    /// <summary>h_i = Σ_j J_ij x_j computed from scratch; magnetisation M = Σ_j x_j.</summary>
    public double Field(int i, ReadOnlySpan<sbyte> x, double magnetisation)
    {
        var (ix, v) = Rows[i];
        double h = J0 == 0 ? 0 : J0 / N * (magnetisation - x[i]);
        for (int a = 0; a < ix.Length; a++) h += v[a] * x[ix[a]];
        return h;
    }

    private static double Gaussian(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
