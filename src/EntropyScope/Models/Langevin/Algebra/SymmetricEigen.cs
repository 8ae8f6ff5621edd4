namespace EntropyScope.Models.Langevin.Algebra;

/// <summary>
/// Eigen-decomposition A = Q Λ Qᵀ of a real symmetric matrix by cyclic Jacobi rotations: slow in theory
/// (a few n³ sweeps) but accurate to machine precision and simple, which is what a fixture solver needs.
/// </summary>
public sealed class SymmetricEigen
{
    public double[] Values { get; }
    /// <summary>Columns are the eigenvectors.</summary>
    public Matrix Vectors { get; }

    public SymmetricEigen(Matrix a)
    {
        int n = a.N;
        var m = a.Clone().Symmetrize();
        var v = Matrix.Identity(n);
        double[] d = m.Data, q = v.Data;
        for (int sweep = 0; sweep < 100; sweep++)
        {
            double off = 0, diag = 0;
            for (int i = 0; i < n; i++)
            {
                diag += d[i * n + i] * d[i * n + i];
                for (int j = i + 1; j < n; j++) off += d[i * n + j] * d[i * n + j];
            }
            if (off <= 1e-32 * diag || off == 0) break;
            for (int p = 0; p < n - 1; p++)
                for (int r = p + 1; r < n; r++)
                {
                    double apr = d[p * n + r];
                    if (Math.Abs(apr) < 1e-300) continue;
                    double app = d[p * n + p], arr = d[r * n + r];
                    double theta = (arr - app) / (2 * apr);
                    double t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    if (theta == 0) t = 1;
                    double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
                    // Rotate rows/columns p and r of the symmetric matrix.
                    for (int k = 0; k < n; k++)
                    {
                        double akp = d[k * n + p], akr = d[k * n + r];
                        d[k * n + p] = c * akp - s * akr;
                        d[k * n + r] = s * akp + c * akr;
                    }
                    for (int k = 0; k < n; k++)
                    {
                        double apk = d[p * n + k], ark = d[r * n + k];
                        d[p * n + k] = c * apk - s * ark;
                        d[r * n + k] = s * apk + c * ark;
                    }
                    for (int k = 0; k < n; k++)
                    {
                        double vkp = q[k * n + p], vkr = q[k * n + r];
                        q[k * n + p] = c * vkp - s * vkr;
                        q[k * n + r] = s * vkp + c * vkr;
                    }
                }
        }
        Values = new double[n];
        for (int i = 0; i < n; i++) Values[i] = d[i * n + i];
        Vectors = v;
    }

    /// <summary>Q f(Λ) Qᵀ: a function of the symmetric matrix (used for e^{𝒜Δτ}).</summary>
    public Matrix Apply(Func<double, double> f)
    {
        int n = Values.Length;
        var scaled = new Matrix(n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) scaled[i, j] = Vectors[i, j] * f(Values[j]);
        return scaled.Multiply(Vectors.Transpose());
    }
}
