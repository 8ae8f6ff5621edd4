namespace EntropyScope.Models.Diffusion;

/// <summary>A 1D Gaussian mixture Σ_c π_c N(μ_c, s_c²): the data q of the 1D diffusion examples (models.md §8).</summary>
public sealed class GaussianMixture1D
{
    public IReadOnlyList<double> Weights { get; }
    public IReadOnlyList<double> Means { get; }
    public IReadOnlyList<double> Sds { get; }
    public int Count => Weights.Count;

    public GaussianMixture1D(IReadOnlyList<double> weights, IReadOnlyList<double> means, IReadOnlyList<double> sds)
    {
        if (weights.Count == 0 || weights.Count != means.Count || weights.Count != sds.Count)
            throw new ArgumentException("mixture: weights, means and sds must have the same non-zero length");
        if (weights.Any(w => !(w > 0)) || sds.Any(s => !(s > 0)))
            throw new ArgumentException("mixture: weights and sds must be positive");
        double total = weights.Sum();
        Weights = weights.Select(w => w / total).ToArray();
        Means = means.ToArray();
        Sds = sds.ToArray();
    }

    public static GaussianMixture1D Single(double mean, double sd) => new([1.0], [mean], [sd]);

    /// <summary>The [assumed] two-Gaussian data of models.md §8: ½N(−1, 0.3²) + ½N(1, 0.3²).</summary>
    public static GaussianMixture1D TwoGaussians(double ma = -1, double mb = 1, double s = 0.3) => new([0.5, 0.5], [ma, mb], [s, s]);

    public double Mean => Weights.Select((w, c) => w * Means[c]).Sum();

    public double Variance => Weights.Select((w, c) => w * (Sds[c] * Sds[c] + Means[c] * Means[c])).Sum() - Mean * Mean;

    /// <summary>The law of m·y + σ·z for y ~ this mixture and z ~ N(0, 1): the exact marginal P_t (models.md §8).</summary>
    public GaussianMixture1D Marginal(double m, double sigma) =>
        new(Weights, Means.Select(mu => m * mu).ToArray(), Sds.Select(s => Math.Sqrt(m * m * s * s + sigma * sigma)).ToArray());

    public double Pdf(double x)
    {
        double p = 0;
        for (int c = 0; c < Count; c++) p += Weights[c] * StandardNormal.Pdf((x - Means[c]) / Sds[c]) / Sds[c];
        return p;
    }

    public double Cdf(double x)
    {
        double f = 0;
        for (int c = 0; c < Count; c++) f += Weights[c] * StandardNormal.Cdf((x - Means[c]) / Sds[c]);
        return f;
    }

    public double Survival(double x)
    {
        double f = 0;
        for (int c = 0; c < Count; c++) f += Weights[c] * StandardNormal.Survival((x - Means[c]) / Sds[c]);
        return f;
    }

    /// <summary>F⁻¹(u) by safeguarded Newton (bisection fallback); the upper half works on the survival function.</summary>
    public double Quantile(double u)
    {
        if (u <= 0) return double.NegativeInfinity;
        if (u >= 1) return double.PositiveInfinity;
        if (Count == 1) return Means[0] + Sds[0] * StandardNormal.Quantile(u);
        return u > 0.5 ? Solve(upper: true, 1 - u) : Solve(upper: false, u);
    }

    /// <summary>F⁻¹(1 − q) computed from the tail probability q itself (accurate when q is tiny).</summary>
    public double QuantileOfSurvival(double q)
    {
        if (q <= 0) return double.PositiveInfinity;
        if (q >= 1) return double.NegativeInfinity;
        if (Count == 1) return Means[0] + Sds[0] * StandardNormal.QuantileOfSurvival(q);
        return q < 0.5 ? Solve(upper: true, q) : Solve(upper: false, 1 - q);
    }

    private double Solve(bool upper, double target)
    {
        double lo = Means.Select((mu, c) => mu - 40 * Sds[c]).Min(), hi = Means.Select((mu, c) => mu + 40 * Sds[c]).Max();
        double x = Mean + Math.Sqrt(Variance) * (upper ? StandardNormal.QuantileOfSurvival(target) : StandardNormal.Quantile(target));
        if (!(x > lo && x < hi)) x = 0.5 * (lo + hi);
        for (int it = 0; it < 200; it++)
        {
            // An increasing function of x that vanishes at the quantile: F(x) − u, or (1 − u) − S(x) in the upper half.
            double g = upper ? target - Survival(x) : Cdf(x) - target;
            if (g > 0) hi = x; else lo = x;
            double next = x - g / Math.Max(Pdf(x), 1e-300);
            if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
            if (Math.Abs(next - x) <= 1e-15 * Math.Max(1, Math.Abs(x))) return next;
            x = next;
        }
        return x;
    }

    /// <summary>Draws n samples with the given seed.</summary>
    public double[] Sample(int n, int seed)
    {
        var rng = new Random(seed);
        var xs = new double[n];
        for (int i = 0; i < n; i++)
        {
            double u = rng.NextDouble(), acc = 0;
            int c = 0;
            while (c < Count - 1 && u > (acc += Weights[c])) c++;
            xs[i] = Means[c] + Sds[c] * Gaussian(rng);
        }
        return xs;
    }

    internal static double Gaussian(Random rng)
    {
        double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
