namespace EntropyScope.Models.Diffusion;

/// <summary>Gauss–Legendre quadrature: nodes and weights on [−1, 1] (Newton on P_n), and composite rules on [a, b].</summary>
public static class GaussLegendre
{
    private static readonly Dictionary<int, (double[] X, double[] W)> Cache = [];

    public static (double[] X, double[] W) Rule(int n)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(n, out var r)) return r;
            var x = new double[n];
            var w = new double[n];
            for (int i = 0; i < (n + 1) / 2; i++)
            {
                double z = Math.Cos(Math.PI * (i + 0.75) / (n + 0.5)), dp = 0;
                for (int it = 0; it < 100; it++)
                {
                    double p0 = 1, p1 = 0;
                    for (int k = 1; k <= n; k++) { double p2 = p1; p1 = p0; p0 = ((2 * k - 1) * z * p1 - (k - 1) * p2) / k; }
                    dp = n * (z * p0 - p1) / (z * z - 1);
                    double dz = p0 / dp;
                    z -= dz;
                    if (Math.Abs(dz) < 1e-16) break;
                }
                x[i] = -z; x[n - 1 - i] = z;
                w[i] = w[n - 1 - i] = 2 / ((1 - z * z) * dp * dp);
            }
            return Cache[n] = (x, w);
        }
    }

    /// <summary>∫_a^b f with <paramref name="panels"/> equal panels of an <paramref name="order"/>-point rule.</summary>
    public static double Integrate(Func<double, double> f, double a, double b, int panels = 16, int order = 16)
    {
        var (x, w) = Rule(order);
        double h = (b - a) / panels, sum = 0;
        for (int p = 0; p < panels; p++)
        {
            double mid = a + (p + 0.5) * h;
            for (int i = 0; i < order; i++) sum += w[i] * f(mid + 0.5 * h * x[i]);
        }
        return 0.5 * h * sum;
    }
}
