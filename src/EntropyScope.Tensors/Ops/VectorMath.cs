using System.Numerics;

namespace EntropyScope.Tensors;

/// <summary>Vectorised span arithmetic shared by the tape ops (memory-bound loops; Vector&lt;float&gt; width).</summary>
internal static class VectorMath
{
    /// <summary>y += x</summary>
    public static void AddInPlace(Span<float> y, ReadOnlySpan<float> x)
    {
        int i = 0, w = Vector<float>.Count;
        for (; i <= y.Length - w; i += w) (new Vector<float>(y[i..]) + new Vector<float>(x[i..])).CopyTo(y[i..]);
        for (; i < y.Length; i++) y[i] += x[i];
    }

    /// <summary>y += s·x</summary>
    public static void AddScaled(Span<float> y, ReadOnlySpan<float> x, float s)
    {
        int i = 0, w = Vector<float>.Count;
        var vs = new Vector<float>(s);
        for (; i <= y.Length - w; i += w) (new Vector<float>(y[i..]) + vs * new Vector<float>(x[i..])).CopyTo(y[i..]);
        for (; i < y.Length; i++) y[i] += s * x[i];
    }

    /// <summary>z = x + y</summary>
    public static void Add(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> z)
    {
        int i = 0, w = Vector<float>.Count;
        for (; i <= z.Length - w; i += w) (new Vector<float>(x[i..]) + new Vector<float>(y[i..])).CopyTo(z[i..]);
        for (; i < z.Length; i++) z[i] = x[i] + y[i];
    }

    /// <summary>z = x − y</summary>
    public static void Subtract(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> z)
    {
        int i = 0, w = Vector<float>.Count;
        for (; i <= z.Length - w; i += w) (new Vector<float>(x[i..]) - new Vector<float>(y[i..])).CopyTo(z[i..]);
        for (; i < z.Length; i++) z[i] = x[i] - y[i];
    }

    /// <summary>z = x·y</summary>
    public static void Multiply(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> z)
    {
        int i = 0, w = Vector<float>.Count;
        for (; i <= z.Length - w; i += w) (new Vector<float>(x[i..]) * new Vector<float>(y[i..])).CopyTo(z[i..]);
        for (; i < z.Length; i++) z[i] = x[i] * y[i];
    }

    /// <summary>z += x·y</summary>
    public static void MultiplyAdd(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> z)
    {
        int i = 0, w = Vector<float>.Count;
        for (; i <= z.Length - w; i += w) (new Vector<float>(z[i..]) + new Vector<float>(x[i..]) * new Vector<float>(y[i..])).CopyTo(z[i..]);
        for (; i < z.Length; i++) z[i] += x[i] * y[i];
    }

    /// <summary>z = x / y</summary>
    public static void Divide(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> z)
    {
        int i = 0, w = Vector<float>.Count;
        for (; i <= z.Length - w; i += w) (new Vector<float>(x[i..]) / new Vector<float>(y[i..])).CopyTo(z[i..]);
        for (; i < z.Length; i++) z[i] = x[i] / y[i];
    }

    /// <summary>y = a·x + b</summary>
    public static void Affine(ReadOnlySpan<float> x, float a, float b, Span<float> y)
    {
        int i = 0, w = Vector<float>.Count;
        var va = new Vector<float>(a);
        var vb = new Vector<float>(b);
        for (; i <= y.Length - w; i += w) (va * new Vector<float>(x[i..]) + vb).CopyTo(y[i..]);
        for (; i < y.Length; i++) y[i] = a * x[i] + b;
    }

    /// <summary>Σ x in float64 (reductions that decide results accumulate in double).</summary>
    public static double Sum(ReadOnlySpan<float> x)
    {
        double s = 0;
        int i = 0, w = Vector<float>.Count;
        // Block partial sums in float over short runs, then fold into double: accurate and still vectorised.
        while (i <= x.Length - w)
        {
            var acc = Vector<float>.Zero;
            int end = Math.Min(x.Length - w, i + 64 * w);
            for (; i <= end; i += w) acc += new Vector<float>(x[i..]);
            for (int j = 0; j < w; j++) s += acc[j];
        }
        for (; i < x.Length; i++) s += x[i];
        return s;
    }

    /// <summary>dst[j] += Σ_rows src[row, j] for a row-major [rows, cols] matrix.</summary>
    public static void AddColumnSums(ReadOnlySpan<float> src, int rows, int cols, Span<float> dst)
    {
        for (int r = 0; r < rows; r++) AddInPlace(dst[..cols], src.Slice(r * cols, cols));
    }

}
