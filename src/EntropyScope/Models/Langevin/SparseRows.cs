using EntropyScope.Models.Langevin.Algebra;

namespace EntropyScope.Models.Langevin;

/// <summary>
/// Compressed rows of a mostly-zero matrix (force and drift matrices have ≤ 5 entries per row), so a step of
/// a 200-dimensional network costs O(n) instead of O(n²).
/// </summary>
public sealed class SparseRows
{
    private readonly int[] _start, _column;
    private readonly double[] _value;
    public int N { get; }

    public SparseRows(Matrix m)
    {
        N = m.N;
        var start = new List<int> { 0 };
        var col = new List<int>();
        var val = new List<double>();
        for (int i = 0; i < N; i++)
        {
            for (int j = 0; j < N; j++)
                if (m[i, j] != 0) { col.Add(j); val.Add(m[i, j]); }
            start.Add(col.Count);
        }
        _start = start.ToArray(); _column = col.ToArray(); _value = val.ToArray();
    }

    /// <summary>y = M x.</summary>
    public void Apply(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < N; i++)
        {
            double s = 0;
            for (int p = _start[i]; p < _start[i + 1]; p++) s += _value[p] * x[_column[p]];
            y[i] = s;
        }
    }
}
