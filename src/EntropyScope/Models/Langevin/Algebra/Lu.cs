namespace EntropyScope.Models.Langevin.Algebra;

/// <summary>LU decomposition with partial pivoting: solves and inverts the general (non-symmetric) matrices.</summary>
public sealed class Lu
{
    private readonly double[] _lu;
    private readonly int[] _pivot;
    public int N { get; }

    public Lu(Matrix a)
    {
        N = a.N;
        _lu = (double[])a.Data.Clone();
        _pivot = new int[N];
        int n = N;
        for (int i = 0; i < n; i++) _pivot[i] = i;
        for (int k = 0; k < n; k++)
        {
            int p = k;
            double best = Math.Abs(_lu[k * n + k]);
            for (int i = k + 1; i < n; i++)
            {
                double v = Math.Abs(_lu[i * n + k]);
                if (v > best) { best = v; p = i; }
            }
            if (best == 0) throw new InvalidOperationException("Lu: singular matrix");
            if (p != k)
            {
                for (int j = 0; j < n; j++) (_lu[k * n + j], _lu[p * n + j]) = (_lu[p * n + j], _lu[k * n + j]);
                (_pivot[k], _pivot[p]) = (_pivot[p], _pivot[k]);
            }
            double pivot = _lu[k * n + k];
            Span<double> rowK = _lu.AsSpan(k * n, n);
            for (int i = k + 1; i < n; i++)
            {
                double f = _lu[i * n + k] / pivot;
                _lu[i * n + k] = f;
                if (f == 0) continue;
                Span<double> rowI = _lu.AsSpan(i * n, n);
                for (int j = k + 1; j < n; j++) rowI[j] -= f * rowK[j];
            }
        }
    }

    /// <summary>Solves A x = b in place of b.</summary>
    public void Solve(Span<double> b)
    {
        int n = N;
        Span<double> x = n <= 512 ? stackalloc double[n] : new double[n];
        for (int i = 0; i < n; i++) x[i] = b[_pivot[i]];
        for (int i = 0; i < n; i++)
        {
            double s = x[i];
            for (int j = 0; j < i; j++) s -= _lu[i * n + j] * x[j];
            x[i] = s;
        }
        for (int i = n - 1; i >= 0; i--)
        {
            double s = x[i];
            for (int j = i + 1; j < n; j++) s -= _lu[i * n + j] * x[j];
            x[i] = s / _lu[i * n + i];
        }
        x.CopyTo(b);
    }

    public Matrix Inverse()
    {
        int n = N;
        var inv = new Matrix(n);
        var col = new double[n];
        for (int j = 0; j < n; j++)
        {
            Array.Clear(col);
            col[j] = 1;
            Solve(col);
            for (int i = 0; i < n; i++) inv[i, j] = col[i];
        }
        return inv;
    }

    /// <summary>Solves A X = B column by column.</summary>
    public Matrix Solve(Matrix b)
    {
        int n = N;
        var x = new Matrix(n);
        var col = new double[n];
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < n; i++) col[i] = b[i, j];
            Solve(col);
            for (int i = 0; i < n; i++) x[i, j] = col[i];
        }
        return x;
    }
}
