using EntropyScope.Models.Diffusion;

namespace EntropyScope.Estimators.SpeedAccuracy;

/// <summary>
/// A starting distribution P̃₀† of the reverse (generative) run in 1D. The four perturbations of SpeedAcc Table I:
/// only "mean" (N(1, 1)) is specified; the other three are [assumed] here (docs/diffusion.md), each a plausible
/// imperfect estimate of the N(0, 1) prior with finite Pearson χ² against it.
/// </summary>
public sealed class ReverseStart1D
{
    private readonly GaussianMixture1D? _mixture;
    private readonly double _uniformHalfWidth;

    public string Name { get; }

    private ReverseStart1D(string name, GaussianMixture1D? mixture, double uniformHalfWidth)
    {
        Name = name;
        _mixture = mixture;
        _uniformHalfWidth = uniformHalfWidth;
    }

    public static readonly string[] Names = ["mean", "variance", "mixture", "uniform"];

    /// <summary>mean: N(1, 1) [S]; variance: N(0, 0.9²) [assumed, the s.d. of the paper's 2D estimated start];
    /// mixture: ½N(−0.6, 0.8²) + ½N(0.6, 0.8²) [assumed, unit variance]; uniform: U(−√3, √3) [assumed, unit variance].</summary>
    public static ReverseStart1D Named(string name) => name switch
    {
        "mean" => new(name, GaussianMixture1D.Single(1, 1), 0),
        "variance" => new(name, GaussianMixture1D.Single(0, 0.9), 0),
        "mixture" => new(name, new GaussianMixture1D([0.5, 0.5], [-0.6, 0.6], [0.8, 0.8]), 0),
        "uniform" => new(name, null, Math.Sqrt(3)),
        _ => throw new InputException($"--perturbation: unknown perturbation \"{name}\" (expected mean, variance, mixture, uniform or all)"),
    };

    /// <summary>Any Gaussian N(mean, sd²) as a start (the closed-form fixture uses N(a_τ + Δ, b_τ²)).</summary>
    public static ReverseStart1D Gaussian(string name, double mean, double sd) => new(name, GaussianMixture1D.Single(mean, sd), 0);

    public double Pdf(double x) => _mixture?.Pdf(x) ?? (Math.Abs(x) <= _uniformHalfWidth ? 0.5 / _uniformHalfWidth : 0);

    public double Quantile(double u) => _mixture?.Quantile(u) ?? _uniformHalfWidth * (2 * u - 1);

    /// <summary>Where the density is (numerically) non-zero: ±14 s.d. of each component, or the uniform's interval.</summary>
    public (double Lo, double Hi) Support => _mixture is { } m
        ? (m.Means.Select((mu, c) => mu - 14 * m.Sds[c]).Min(), m.Means.Select((mu, c) => mu + 14 * m.Sds[c]).Max())
        : (-_uniformHalfWidth, _uniformHalfWidth);
}
