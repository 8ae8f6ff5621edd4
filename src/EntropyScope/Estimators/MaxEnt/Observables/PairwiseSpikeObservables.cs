namespace EntropyScope.Estimators.MaxEnt.Observables;

/// <summary>
/// Antisymmetric observables of a binary population x(t) ∈ {0,1}ᴺ on consecutive bins (estimators.md §4
/// "General pair observables", "Spike trains"): sample t is the pair (x(t), x(t+1)); order 1 gives
/// g_i = x_i(t+1) − x_i(t), order 2 adds g_ij = x_i(t+1)x_j(t) − x_i(t)x_j(t+1), i &lt; j. Column layout:
/// [N singles][pairs (i, j), i &lt; j, row-major]. Only the lists of active units per bin are stored:
/// θᵀg = Σ θ_i(x'_i − x_i) + x'ᵀAx with A antisymmetric (A_ij = θ_ij), costing |S(t+1)|·|S(t)| per sample.
/// With <see cref="SampleStride"/> = 2 the bins hold independent recorded transitions instead of one train: sample k
/// is the pair of bins (2k, 2k + 1) (see <see cref="FromTransitions"/>).
/// </summary>
public sealed class PairwiseSpikeObservables : IObservableSamples
{
    private readonly int[] _start; // active units of bin t: _units[_start[t] .. _start[t+1])
    private readonly int[] _units;
    private readonly bool _pairs;
    private readonly int _stride;
    [ThreadStatic] private static double[]? _matrix;

    public int Units { get; }
    public int Bins { get; }
    public int Count => _stride == 1 ? Bins - 1 : Bins / 2;
    /// <summary>1: sample t is (bin t, bin t + 1) of one train; 2: sample k is (bin 2k, bin 2k + 1).</summary>
    public int SampleStride => _stride;
    public int Dimension { get; }
    /// <summary>Mean number of active units per bin (R in "EP per spike" = Σ_g / R).</summary>
    public double MeanActivity => Bins == 0 ? 0 : (double)_units.Length / Bins;

    public PairwiseSpikeObservables(int units, int bins, int[] start, int[] activeUnits, bool pairs = true, int sampleStride = 1)
    {
        if (sampleStride is not (1 or 2)) throw new ArgumentOutOfRangeException(nameof(sampleStride), "1 (one train) or 2 (recorded transitions)");
        Units = units; Bins = bins; _start = start; _units = activeUnits; _pairs = pairs; _stride = sampleStride;
        Dimension = units + (pairs ? units * (units - 1) / 2 : 0);
    }

    /// <summary>From a dense T×N 0/1 raster (any nonzero counts as a spike).</summary>
    public static PairwiseSpikeObservables FromRaster(ReadOnlySpan<byte> raster, int bins, int units, bool pairs = true)
    {
        var start = new int[bins + 1];
        var list = new List<int>();
        for (int t = 0; t < bins; t++)
        {
            for (int i = 0; i < units; i++) if (raster[t * units + i] != 0) list.Add(i);
            start[t + 1] = list.Count;
        }
        return new PairwiseSpikeObservables(units, bins, start, list.ToArray(), pairs);
    }

    /// <summary>
    /// From recorded transitions x → x' of ±1 spins (samples × N each; e.g. synchronous kinetic Ising steps), with
    /// +1 as the active state. x = 2b − 1 maps the spin observables x'_ix_j − x_ix'_j and x'_i − x_i onto the same
    /// span as the binary ones, so the MaxEnt bound with orders 1 + 2 is the same in either encoding.
    /// </summary>
    public static PairwiseSpikeObservables FromTransitions(ReadOnlySpan<sbyte> states, ReadOnlySpan<sbyte> next, int samples, int units, bool pairs = true)
    {
        var start = new int[2 * samples + 1];
        var list = new List<int>();
        for (int k = 0; k < samples; k++)
        {
            for (int i = 0; i < units; i++) if (states[k * units + i] > 0) list.Add(i);
            start[2 * k + 1] = list.Count;
            for (int i = 0; i < units; i++) if (next[k * units + i] > 0) list.Add(i);
            start[2 * k + 2] = list.Count;
        }
        return new PairwiseSpikeObservables(units, 2 * samples, start, list.ToArray(), pairs, sampleStride: 2);
    }

    /// <summary>Index of pair (i, j), i &lt; j, in the column layout.</summary>
    public int PairIndex(int i, int j) => Units + i * (2 * Units - i - 1) / 2 + (j - i - 1);

    public string Name(int j)
    {
        if (j < Units) return $"x_{j}(t+1) − x_{j}(t)";
        int p = j - Units, i = 0;
        while (p >= Units - i - 1) { p -= Units - i - 1; i++; }
        return $"x_{i}(t+1)x_{i + p + 1}(t) − x_{i}(t)x_{i + p + 1}(t+1)";
    }

    private ReadOnlySpan<int> Active(int t) => _units.AsSpan(_start[t], _start[t + 1] - _start[t]);

    private double[] Matrix()
    {
        int size = Units * Units;
        if (_matrix is null || _matrix.Length < size) _matrix = new double[size];
        return _matrix;
    }

    public void Project(ReadOnlySpan<int> rows, ReadOnlySpan<double> theta, Span<double> a)
    {
        int n = Units;
        double[]? m = null;
        if (_pairs)
        {
            m = Matrix();
            for (int i = 0; i < n; i++) m[i * n + i] = 0;
            for (int i = 0; i < n; i++)
                for (int j = i + 1; j < n; j++) { double v = theta[PairIndex(i, j)]; m[i * n + j] = v; m[j * n + i] = -v; }
        }
        for (int k = 0; k < rows.Length; k++)
        {
            int t = rows[k] * _stride;
            var now = Active(t); var next = Active(t + 1);
            double s = 0;
            foreach (int i in next) s += theta[i];
            foreach (int i in now) s -= theta[i];
            if (m is not null)
                foreach (int i in next)
                {
                    int off = i * n;
                    foreach (int j in now) s += m[off + j];
                }
            a[k] = s;
        }
    }

    public void WeightedSum(ReadOnlySpan<int> rows, ReadOnlySpan<double> weights, Span<double> result)
    {
        int n = Units;
        result.Clear();
        double[]? m = null;
        if (_pairs) { m = Matrix(); Array.Clear(m, 0, n * n); }
        for (int k = 0; k < rows.Length; k++)
        {
            double w = weights[k];
            if (w == 0) continue;
            int t = rows[k] * _stride;
            var now = Active(t); var next = Active(t + 1);
            foreach (int i in next) result[i] += w;
            foreach (int i in now) result[i] -= w;
            if (m is not null)
                foreach (int i in next)
                {
                    int off = i * n;
                    foreach (int j in now) m[off + j] += w; // M = Σ_t w_t x(t+1) x(t)ᵀ
                }
        }
        if (m is not null)
            for (int i = 0; i < n; i++)
                for (int j = i + 1; j < n; j++) result[PairIndex(i, j)] = m[i * n + j] - m[j * n + i];
    }
}
