namespace EntropyScope.Estimators.MaxEnt.Observables;

/// <summary>Observables held as a row-major n×d float32 matrix (an NPY file of observables).</summary>
public sealed class DenseObservables : IObservableSamples
{
    private readonly float[] _g;
    public int Count { get; }
    public int Dimension { get; }

    public DenseObservables(float[] g, int count, int dimension)
    {
        if ((long)count * dimension != g.Length) throw new ArgumentException("DenseObservables: data length ≠ count × dimension");
        _g = g; Count = count; Dimension = dimension;
    }

    public static DenseObservables FromRows(double[][] rows)
    {
        int d = rows.Length == 0 ? 0 : rows[0].Length;
        var g = new float[rows.Length * d];
        for (int k = 0; k < rows.Length; k++)
            for (int j = 0; j < d; j++) g[k * d + j] = (float)rows[k][j];
        return new DenseObservables(g, rows.Length, d);
    }

    public ReadOnlySpan<float> Row(int k) => _g.AsSpan(k * Dimension, Dimension);

    public void Project(ReadOnlySpan<int> rows, ReadOnlySpan<double> theta, Span<double> a)
    {
        int d = Dimension;
        for (int k = 0; k < rows.Length; k++)
        {
            var r = _g.AsSpan(rows[k] * d, d);
            double s = 0;
            for (int j = 0; j < d; j++) s += theta[j] * r[j];
            a[k] = s;
        }
    }

    public void WeightedSum(ReadOnlySpan<int> rows, ReadOnlySpan<double> weights, Span<double> result)
    {
        int d = Dimension;
        result.Clear();
        for (int k = 0; k < rows.Length; k++)
        {
            double w = weights[k];
            if (w == 0) continue;
            var r = _g.AsSpan(rows[k] * d, d);
            for (int j = 0; j < d; j++) result[j] += w * r[j];
        }
    }
}
