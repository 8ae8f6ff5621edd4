namespace EntropyScope.Models.Langevin.Algebra;

/// <summary>
/// A small dense square matrix of doubles, row-major. The Langevin models are at most a few hundred
/// dimensions (a 10×10 filament network has 200), so plain O(n³) routines are exact and fast enough.
/// </summary>
public sealed class Matrix
{
    public int N { get; }
    public double[] Data { get; }

    public Matrix(int n) { N = n; Data = new double[n * n]; }

    public Matrix(int n, double[] data)
    {
        if (data.Length != n * n) throw new ArgumentException($"Matrix: {data.Length} values for a {n}×{n} matrix");
        N = n; Data = data;
    }

    public double this[int i, int j]
    {
        get => Data[i * N + j];
        set => Data[i * N + j] = value;
    }

    public static Matrix Identity(int n)
    {
        var m = new Matrix(n);
        for (int i = 0; i < n; i++) m[i, i] = 1;
        return m;
    }

    public static Matrix Diagonal(ReadOnlySpan<double> d)
    {
        var m = new Matrix(d.Length);
        for (int i = 0; i < d.Length; i++) m[i, i] = d[i];
        return m;
    }

    public static Matrix FromRows(double[][] rows)
    {
        var m = new Matrix(rows.Length);
        for (int i = 0; i < rows.Length; i++)
            for (int j = 0; j < rows.Length; j++) m[i, j] = rows[i][j];
        return m;
    }

    public Matrix Clone() => new(N, (double[])Data.Clone());

    public Matrix Transpose()
    {
        var t = new Matrix(N);
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++) t.Data[j * N + i] = Data[i * N + j];
        return t;
    }

    /// <summary>this · b (i-k-j order so the inner loop streams rows, vectorised by the JIT).</summary>
    public Matrix Multiply(Matrix b)
    {
        int n = N;
        var c = new Matrix(n);
        for (int i = 0; i < n; i++)
        {
            Span<double> ci = c.Data.AsSpan(i * n, n);
            for (int k = 0; k < n; k++)
            {
                double a = Data[i * n + k];
                if (a == 0) continue;
                ReadOnlySpan<double> bk = b.Data.AsSpan(k * n, n);
                for (int j = 0; j < n; j++) ci[j] += a * bk[j];
            }
        }
        return c;
    }

    public Matrix Add(Matrix b, double scaleThis = 1, double scaleB = 1)
    {
        var c = new Matrix(N);
        for (int i = 0; i < Data.Length; i++) c.Data[i] = scaleThis * Data[i] + scaleB * b.Data[i];
        return c;
    }

    public Matrix Scale(double s)
    {
        var c = new Matrix(N);
        for (int i = 0; i < Data.Length; i++) c.Data[i] = s * Data[i];
        return c;
    }

    /// <summary>y = this · x.</summary>
    public void Apply(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < N; i++)
        {
            ReadOnlySpan<double> row = Data.AsSpan(i * N, N);
            double s = 0;
            for (int j = 0; j < N; j++) s += row[j] * x[j];
            y[i] = s;
        }
    }

    /// <summary>xᵀ · this · x.</summary>
    public double QuadraticForm(ReadOnlySpan<double> x)
    {
        double total = 0;
        for (int i = 0; i < N; i++)
        {
            ReadOnlySpan<double> row = Data.AsSpan(i * N, N);
            double s = Dot(row, x);
            total += x[i] * s;
        }
        return total;
    }

    /// <summary>Vectorised dot product (the per-frame quadratic form is the hot loop for big networks).</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int n = a.Length, i = 0;
        var acc = System.Numerics.Vector<double>.Zero;
        int w = System.Numerics.Vector<double>.Count;
        for (; i <= n - w; i += w)
            acc += new System.Numerics.Vector<double>(a.Slice(i, w)) * new System.Numerics.Vector<double>(b.Slice(i, w));
        double s = System.Numerics.Vector.Sum(acc);
        for (; i < n; i++) s += a[i] * b[i];
        return s;
    }

    public double Trace()
    {
        double s = 0;
        for (int i = 0; i < N; i++) s += Data[i * N + i];
        return s;
    }

    public double FrobeniusNorm()
    {
        double s = 0;
        foreach (double v in Data) s += v * v;
        return Math.Sqrt(s);
    }

    /// <summary>Max absolute row sum (the ∞-norm), used for scaling in the exponential.</summary>
    public double InfinityNorm()
    {
        double best = 0;
        for (int i = 0; i < N; i++)
        {
            double s = 0;
            for (int j = 0; j < N; j++) s += Math.Abs(Data[i * N + j]);
            best = Math.Max(best, s);
        }
        return best;
    }

    public bool IsSymmetric(double tolerance = 1e-12)
    {
        double scale = Math.Max(1e-300, InfinityNorm());
        for (int i = 0; i < N; i++)
            for (int j = i + 1; j < N; j++)
                if (Math.Abs(this[i, j] - this[j, i]) > tolerance * scale) return false;
        return true;
    }

    /// <summary>Replaces the matrix by (M + Mᵀ)/2 in place; covariances are symmetric by definition.</summary>
    public Matrix Symmetrize()
    {
        for (int i = 0; i < N; i++)
            for (int j = i + 1; j < N; j++)
            {
                double m = 0.5 * (this[i, j] + this[j, i]);
                this[i, j] = m; this[j, i] = m;
            }
        return this;
    }
}
