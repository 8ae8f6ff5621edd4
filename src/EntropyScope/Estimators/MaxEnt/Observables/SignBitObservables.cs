namespace EntropyScope.Estimators.MaxEnt.Observables;

/// <summary>
/// Observables whose entries are ±scale, bit-packed 8 per byte (bit set = +scale). Products use a per-byte
/// lookup table ("four Russians"): θᵀg costs d/8 table reads instead of d multiply-adds, which is what makes the
/// N = 1000 spin problems (d = N, thousands of flips per spin) cheap. Padding bits beyond d are ignored.
/// </summary>
public sealed class SignBitObservables : IObservableSamples
{
    private readonly byte[] _bits;
    private readonly int _bytesPerRow;
    private readonly double _scale;
    [ThreadStatic] private static double[]? _table;

    public int Count { get; }
    public int Dimension { get; }

    public SignBitObservables(byte[] bits, int count, int dimension, double scale)
    {
        _bytesPerRow = (dimension + 7) / 8;
        if (bits.Length != (long)count * _bytesPerRow) throw new ArgumentException("SignBitObservables: bit buffer size mismatch");
        _bits = bits; Count = count; Dimension = dimension; _scale = scale;
    }

    public static int BytesPerRow(int dimension) => (dimension + 7) / 8;

    private double[] Table()
    {
        int size = _bytesPerRow * 256;
        if (_table is null || _table.Length < size) _table = new double[size];
        return _table;
    }

    public void Project(ReadOnlySpan<int> rows, ReadOnlySpan<double> theta, Span<double> a)
    {
        int nb = _bytesPerRow, d = Dimension;
        var t = Table();
        // T[b][v] = scale·Σ_t θ_{8b+t}(bit t of v ? +1 : −1), built by adding one bit at a time.
        for (int b = 0; b < nb; b++)
        {
            var tb = t.AsSpan(b * 256, 256);
            double neg = 0;
            for (int q = 0; q < 8 && 8 * b + q < d; q++) neg -= theta[8 * b + q];
            tb[0] = _scale * neg;
            for (int v = 1; v < 256; v++)
            {
                int low = System.Numerics.BitOperations.TrailingZeroCount(v);
                int col = 8 * b + low;
                tb[v] = tb[v & (v - 1)] + (col < d ? 2 * _scale * theta[col] : 0);
            }
        }
        unsafe
        {
            fixed (double* tp = t)
            fixed (byte* bp = _bits)
                for (int k = 0; k < rows.Length; k++)
                {
                    byte* row = bp + (long)rows[k] * nb;
                    // four partial sums break the add dependency chain
                    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                    int b = 0;
                    for (; b + 4 <= nb; b += 4)
                    {
                        s0 += tp[(b << 8) | row[b]];
                        s1 += tp[((b + 1) << 8) | row[b + 1]];
                        s2 += tp[((b + 2) << 8) | row[b + 2]];
                        s3 += tp[((b + 3) << 8) | row[b + 3]];
                    }
                    for (; b < nb; b++) s0 += tp[(b << 8) | row[b]];
                    a[k] = (s0 + s1) + (s2 + s3);
                }
        }
    }

    public void WeightedSum(ReadOnlySpan<int> rows, ReadOnlySpan<double> weights, Span<double> result)
    {
        int nb = _bytesPerRow, d = Dimension;
        var h = Table();
        Array.Clear(h, 0, nb * 256);
        double total = 0;
        unsafe
        {
            fixed (double* hp = h)
            fixed (byte* bp = _bits)
                for (int k = 0; k < rows.Length; k++)
                {
                    double w = weights[k];
                    total += w;
                    byte* row = bp + (long)rows[k] * nb;
                    for (int b = 0; b < nb; b++) hp[(b << 8) | row[b]] += w;
                }
        }
        result.Clear();
        Span<double> pos = stackalloc double[8];
        for (int b = 0; b < nb; b++)
        {
            pos.Clear();
            var hb = h.AsSpan(b * 256, 256);
            for (int v = 1; v < 256; v++)
            {
                double x = hb[v];
                if (x == 0) continue;
                for (int m = v; m != 0; m &= m - 1) pos[System.Numerics.BitOperations.TrailingZeroCount(m)] += x;
            }
            // Σ_k w_k g_kj = scale·(W₊ − W₋) = scale·(2W₊ − W)
            for (int q = 0; q < 8 && 8 * b + q < d; q++) result[8 * b + q] = _scale * (2 * pos[q] - total);
        }
    }
}
