using EntropyScope.Models.Diffusion;

namespace EntropyScope.Estimators.SpeedAccuracy;

/// <summary>
/// A 2D starting distribution P̃₀† of the reverse run, defined in the units of the exact start P_τ (mean μ_τ, isotropic
/// s.d. σ_τ): x = μ_τ + σ_τ·x_std. With P_τ = N(0, I) (the (m, σ) and OT schedules) "variance" is the paper's estimated
/// start N(0, 0.9²I) [S]; the others mirror the 1D choices [assumed]: mean N((1, 0), I), mixture ½N((∓0.6, 0), 0.8²I),
/// uniform U([−√3, √3]²). The scaling [assumed] keeps D₀ finite for the rotating force, whose P_τ is narrower than N(0, I)
/// at τ = 1 (N(0, 0.9²I) itself would have infinite Pearson χ² against it).
/// </summary>
public sealed class ReverseStart2D
{
    private readonly (double Weight, double Mx, double My, double Sd)[] _components;
    private readonly double _uniformHalfWidth;

    public string Name { get; }

    private ReverseStart2D(string name, (double, double, double, double)[] components, double uniformHalfWidth)
    {
        (Name, _components, _uniformHalfWidth) = (name, components, uniformHalfWidth);
    }

    private double _cx, _cy, _scale = 1;

    public static ReverseStart2D Named(string name, double meanX = 0, double meanY = 0, double scale = 1)
    {
        ReverseStart2D start = name switch
        {
            "mean" => new(name, [(1, 1, 0, 1)], 0),
            "variance" => new(name, [(1, 0, 0, 0.9)], 0),
            "mixture" => new(name, [(0.5, -0.6, 0, 0.8), (0.5, 0.6, 0, 0.8)], 0),
            "uniform" => new(name, [], Math.Sqrt(3)),
            _ => throw new InputException($"--perturbation: unknown perturbation \"{name}\" (expected mean, variance, mixture, uniform or all)"),
        };
        (start._cx, start._cy, start._scale) = (meanX, meanY, scale);
        return start;
    }

    public double Pdf(double x, double y) => StandardPdf((x - _cx) / _scale, (y - _cy) / _scale) / (_scale * _scale);

    private double StandardPdf(double x, double y)
    {
        if (_components.Length == 0)
            return Math.Abs(x) <= _uniformHalfWidth && Math.Abs(y) <= _uniformHalfWidth ? 1 / (4 * _uniformHalfWidth * _uniformHalfWidth) : 0;
        double p = 0;
        foreach (var (w, mx, my, sd) in _components)
            p += w * Math.Exp(-((x - mx) * (x - mx) + (y - my) * (y - my)) / (2 * sd * sd)) / (2 * Math.PI * sd * sd);
        return p;
    }

    public double[] Sample(int n, int seed)
    {
        var rng = new Random(seed);
        var p = new double[2 * n];
        for (int i = 0; i < n; i++)
        {
            if (_components.Length == 0)
            {
                p[2 * i] = _uniformHalfWidth * (2 * rng.NextDouble() - 1);
                p[2 * i + 1] = _uniformHalfWidth * (2 * rng.NextDouble() - 1);
                continue;
            }
            double u = rng.NextDouble(), acc = 0;
            int c = 0;
            while (c < _components.Length - 1 && u > (acc += _components[c].Weight)) c++;
            var (_, mx, my, sd) = _components[c];
            p[2 * i] = mx + sd * GaussianMixture1D.Gaussian(rng);
            p[2 * i + 1] = my + sd * GaussianMixture1D.Gaussian(rng);
        }
        for (int i = 0; i < 2 * n; i += 2) { p[i] = _cx + _scale * p[i]; p[i + 1] = _cy + _scale * p[i + 1]; }
        return p;
    }

    /// <summary>
    /// A sample coupled to the exact start through the same standard normals z (common random numbers): Gaussian
    /// components use μ_c + s_c·z, the uniform uses √3(2Φ(z) − 1) per coordinate; the mixture component is drawn with
    /// <paramref name="seed"/>. The law is exactly P̃₀†; the coupling only reduces the sampling noise of W₁ between the runs.
    /// </summary>
    public double[] FromNormals(double[] z, int seed)
    {
        var rng = new Random(seed);
        int n = z.Length / 2;
        var p = new double[2 * n];
        for (int i = 0; i < n; i++)
        {
            double x, y;
            if (_components.Length == 0)
            {
                x = _uniformHalfWidth * (2 * StandardNormal.Cdf(z[2 * i]) - 1);
                y = _uniformHalfWidth * (2 * StandardNormal.Cdf(z[2 * i + 1]) - 1);
            }
            else
            {
                double u = rng.NextDouble(), acc = 0;
                int c = 0;
                while (c < _components.Length - 1 && u > (acc += _components[c].Weight)) c++;
                var (_, mx, my, sd) = _components[c];
                (x, y) = (mx + sd * z[2 * i], my + sd * z[2 * i + 1]);
            }
            p[2 * i] = _cx + _scale * x;
            p[2 * i + 1] = _cy + _scale * y;
        }
        return p;
    }

    /// <summary>The box outside which the density is negligible (±12 s.d.) or zero (uniform).</summary>
    public (double Lo, double Hi) Box
    {
        get
        {
            var (lo, hi) = _components.Length == 0
                ? (-_uniformHalfWidth, _uniformHalfWidth)
                : (_components.Min(c => Math.Min(c.Mx, c.My) - 12 * c.Sd), _components.Max(c => Math.Max(c.Mx, c.My) + 12 * c.Sd));
            return (Math.Min(_cx, _cy) + _scale * lo, Math.Max(_cx, _cy) + _scale * hi);
        }
    }

    /// <summary>D₀ = ∫P̃²/P − 1 by Gauss–Legendre panels over the box of P̃ (Eq. 78).</summary>
    public double PearsonChiSquare(Func<double, double, double> exactPdf, int panels = 24, int order = 8)
    {
        var (lo, hi) = Box;
        var (x, w) = GaussLegendre.Rule(order);
        double h = (hi - lo) / panels, sum = 0;
        for (int pi = 0; pi < panels; pi++)
            for (int a = 0; a < order; a++)
            {
                double xa = lo + (pi + 0.5) * h + 0.5 * h * x[a];
                for (int pj = 0; pj < panels; pj++)
                    for (int b = 0; b < order; b++)
                    {
                        double yb = lo + (pj + 0.5) * h + 0.5 * h * x[b];
                        double q = Pdf(xa, yb);
                        if (q < 1e-300) continue;
                        double p = exactPdf(xa, yb);
                        sum += w[a] * w[b] * (p > 0 ? q * q / p : double.PositiveInfinity);
                    }
            }
        return sum * h * h / 4 - 1;
    }
}
