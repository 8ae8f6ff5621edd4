using EntropyScope.Models.Langevin;

namespace EntropyScope.Observation.Noise;

/// <summary>
/// Exact Poisson sampler: inversion by sequential search for λ &lt; 10, otherwise Hörmann's transformed rejection
/// with squeeze (PTRS, 1993), which is exact for every λ ≥ 10 at O(1) cost.
/// </summary>
public static class Poisson
{
    public static long Sample(ref Xoshiro256 rng, double lambda)
    {
        if (lambda <= 0) return 0;
        if (lambda < 10)
        {
            double p = Math.Exp(-lambda), cumulative = p, u = rng.NextDouble();
            long k = 0;
            while (u > cumulative && k < 1000)
            {
                k++;
                p *= lambda / k;
                cumulative += p;
            }
            return k;
        }
        double slam = Math.Sqrt(lambda), loglam = Math.Log(lambda);
        double b = 0.931 + 2.53 * slam;
        double a = -0.059 + 0.02483 * b;
        double invAlpha = 1.1239 + 1.1328 / (b - 3.4);
        double vr = 0.9277 - 3.6224 / (b - 2);
        while (true)
        {
            double u = rng.NextDouble() - 0.5, v = rng.NextDouble();
            double us = 0.5 - Math.Abs(u);
            long k = (long)Math.Floor((2 * a / us + b) * u + lambda + 0.43);
            if (us >= 0.07 && v <= vr) return k;
            if (k < 0 || (us < 0.013 && v > us)) continue;
            if (Math.Log(v) + Math.Log(invAlpha) - Math.Log(a / (us * us) + b) <= -lambda + k * loglam - LogFactorial(k))
                return k;
        }
    }

    /// <summary>ln k! (exact sum for small k, Stirling series beyond, accurate to ~1e-15 relative).</summary>
    public static double LogFactorial(long k)
    {
        if (k < 20)
        {
            double s = 0;
            for (long i = 2; i <= k; i++) s += Math.Log(i);
            return s;
        }
        double x = k + 1.0;
        double x2 = x * x;
        return (x - 0.5) * Math.Log(x) - x + 0.5 * Math.Log(2 * Math.PI)
            + 1 / (12 * x) - 1 / (360 * x * x2) + 1 / (1260 * x2 * x2 * x) - 1 / (1680 * x2 * x2 * x2 * x);
    }
}
