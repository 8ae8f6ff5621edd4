namespace EntropyScope.Models.Langevin.Algebra;

/// <summary>Cholesky factor C = L Lᵀ of a symmetric positive-definite matrix (steady-state sampling, C⁻¹).</summary>
public sealed class Cholesky
{
    /// <summary>Lower-triangular factor, row-major.</summary>
    public Matrix L { get; }

    public Cholesky(Matrix c)
    {
        int n = c.N;
        L = new Matrix(n);
        for (int j = 0; j < n; j++)
        {
            double d = c[j, j];
            for (int k = 0; k < j; k++) d -= L[j, k] * L[j, k];
            if (!(d > 0)) throw new InvalidOperationException($"Cholesky: matrix is not positive definite (pivot {j}: {d})");
            double ljj = Math.Sqrt(d);
            L[j, j] = ljj;
            for (int i = j + 1; i < n; i++)
            {
                double s = c[i, j];
                for (int k = 0; k < j; k++) s -= L[i, k] * L[j, k];
                L[i, j] = s / ljj;
            }
        }
    }

    /// <summary>y = L x (lower-triangular product: maps standard normals to N(0, C)).</summary>
    public void Apply(ReadOnlySpan<double> x, Span<double> y)
    {
        int n = L.N;
        for (int i = n - 1; i >= 0; i--)
        {
            double s = 0;
            for (int k = 0; k <= i; k++) s += L[i, k] * x[k];
            y[i] = s;
        }
    }

    /// <summary>C⁻¹ = L⁻ᵀ L⁻¹.</summary>
    public Matrix Inverse()
    {
        int n = L.N;
        // Invert L (lower triangular) by forward substitution, column by column.
        var li = new Matrix(n);
        for (int j = 0; j < n; j++)
        {
            li[j, j] = 1 / L[j, j];
            for (int i = j + 1; i < n; i++)
            {
                double s = 0;
                for (int k = j; k < i; k++) s -= L[i, k] * li[k, j];
                li[i, j] = s / L[i, i];
            }
        }
        return li.Transpose().Multiply(li).Symmetrize();
    }
}
