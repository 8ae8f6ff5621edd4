namespace EntropyScope.Models.Diffusion;

/// <summary>
/// The standard normal density, CDF (and its complement, accurate in the far tail) and quantile, to ~1e-15.
/// Own implementation because .NET has no erf; the quantile functions of the schedules need full precision.
/// </summary>
public static class StandardNormal
{
    private const double InvSqrt2Pi = 0.39894228040143267794;
    private const double Sqrt2 = 1.41421356237309504880;

    public static double Pdf(double x) => InvSqrt2Pi * Math.Exp(-0.5 * x * x);

    /// <summary>Φ(x).</summary>
    public static double Cdf(double x) => x < 0 ? 0.5 * Erfc(-x / Sqrt2) : 1 - 0.5 * Erfc(x / Sqrt2);

    /// <summary>1 − Φ(x), without cancellation for large x.</summary>
    public static double Survival(double x) => Cdf(-x);

    /// <summary>erfc(z) for z ≥ 0: positive-term series of erf below 3, Lentz continued fraction above.</summary>
    public static double Erfc(double z)
    {
        if (z < 0) return 2 - Erfc(-z);
        if (z < 3)
        {
            // erf z = (2/√π) e^{−z²} Σ 2ⁿ z^{2n+1} / (1·3···(2n+1)): all terms positive, no cancellation.
            double term = z, sum = z;
            for (int n = 1; n < 200; n++)
            {
                term *= 2 * z * z / (2 * n + 1);
                sum += term;
                if (term < 1e-17 * sum) break;
            }
            return 1 - 2 / Math.Sqrt(Math.PI) * Math.Exp(-z * z) * sum;
        }
        // erfc z = e^{−z²}/√π · 1/(z + (1/2)/(z + 1/(z + (3/2)/(z + ...)))) evaluated by modified Lentz.
        const double tiny = 1e-300;
        double f = z, c = z, d = 0;
        for (int k = 1; k < 500; k++)
        {
            double a = k / 2.0;
            d = z + a * d;
            d = Math.Abs(d) < tiny ? tiny : d;
            c = z + a / c;
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16) break;
        }
        return Math.Exp(-z * z) / Math.Sqrt(Math.PI) / f;
    }

    /// <summary>Φ⁻¹(p): Acklam's rational start refined by two Halley steps on the accurate CDF.</summary>
    public static double Quantile(double p)
    {
        if (p <= 0) return double.NegativeInfinity;
        if (p >= 1) return double.PositiveInfinity;
        if (p > 0.5) return -Quantile(1 - p); // symmetric; keeps the small-p side where p is exact
        double x = AcklamLower(p);
        for (int i = 0; i < 2; i++)
        {
            double e = Cdf(x) - p;
            double u = e / Pdf(x);
            x -= u / (1 + 0.5 * x * u);
        }
        return x;
    }

    /// <summary>Φ⁻¹ of the upper-tail probability q = 1 − p, accurate when q is tiny.</summary>
    public static double QuantileOfSurvival(double q) => -Quantile(q);

    private static double AcklamLower(double p)
    {
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        if (p < 0.02425)
        {
            double q = Math.Sqrt(-2 * Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        double r = p - 0.5, s = r * r;
        return (((((a[0] * s + a[1]) * s + a[2]) * s + a[3]) * s + a[4]) * s + a[5]) * r / (((((b[0] * s + b[1]) * s + b[2]) * s + b[3]) * s + b[4]) * s + 1);
    }
}
