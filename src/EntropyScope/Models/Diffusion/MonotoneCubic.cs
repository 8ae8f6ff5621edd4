namespace EntropyScope.Models.Diffusion;

/// <summary>
/// Monotone piecewise-cubic Hermite interpolation (Fritsch–Carlson, "PCHIP"): C¹, and monotone wherever the
/// tabulated values are, so a monotone (m_t, σ_t) table stays monotone between its rows and has a derivative.
/// </summary>
internal sealed class MonotoneCubic
{
    private readonly double[] _x, _y, _d;

    public MonotoneCubic(double[] x, double[] y)
    {
        int n = x.Length;
        (_x, _y, _d) = (x, y, new double[n]);
        var delta = new double[n - 1];
        for (int i = 0; i < n - 1; i++) delta[i] = (y[i + 1] - y[i]) / (x[i + 1] - x[i]);
        if (n == 2) { _d[0] = _d[1] = delta[0]; return; }
        for (int i = 1; i < n - 1; i++)
        {
            if (delta[i - 1] * delta[i] <= 0) { _d[i] = 0; continue; }
            // Weighted harmonic mean (Fritsch–Butland), the scipy PCHIP choice.
            double h0 = x[i] - x[i - 1], h1 = x[i + 1] - x[i];
            double w1 = 2 * h1 + h0, w2 = h1 + 2 * h0;
            _d[i] = (w1 + w2) / (w1 / delta[i - 1] + w2 / delta[i]);
        }
        _d[0] = EndSlope(x[1] - x[0], x[2] - x[1], delta[0], delta[1]);
        _d[n - 1] = EndSlope(x[n - 1] - x[n - 2], x[n - 2] - x[n - 3], delta[n - 2], delta[n - 3]);
    }

    private static double EndSlope(double h0, double h1, double d0, double d1)
    {
        double d = ((2 * h0 + h1) * d0 - h0 * d1) / (h0 + h1);
        if (Math.Sign(d) != Math.Sign(d0)) return 0;
        if (Math.Sign(d0) != Math.Sign(d1) && Math.Abs(d) > 3 * Math.Abs(d0)) return 3 * d0;
        return d;
    }

    public double Value(double x) => Eval(x, derivative: false);

    public double Derivative(double x) => Eval(x, derivative: true);

    private double Eval(double x, bool derivative)
    {
        int i = Array.BinarySearch(_x, x);
        if (i < 0) i = ~i - 1;
        i = Math.Clamp(i, 0, _x.Length - 2);
        double h = _x[i + 1] - _x[i], s = (x - _x[i]) / h;
        double y0 = _y[i], y1 = _y[i + 1], m0 = _d[i] * h, m1 = _d[i + 1] * h;
        if (!derivative)
        {
            double s2 = s * s, s3 = s2 * s;
            return (2 * s3 - 3 * s2 + 1) * y0 + (s3 - 2 * s2 + s) * m0 + (-2 * s3 + 3 * s2) * y1 + (s3 - s2) * m1;
        }
        double ds = (6 * s * s - 6 * s) * y0 + (3 * s * s - 4 * s + 1) * m0 + (-6 * s * s + 6 * s) * y1 + (3 * s * s - 2 * s) * m1;
        return ds / h;
    }
}
