using EntropyScope.Models.Diffusion;

namespace EntropyScope.Estimators.SpeedAccuracy;

/// <summary>
/// A 2D starting distribution P̃₀† of the reverse run. "variance" is the paper's estimated start N(0, 0.9²I) [S];
/// the others mirror the 1D choices [assumed]: mean N((1, 0), I), mixture ½N((∓0.6, 0), 0.8²I), uniform U([−√3, √3]²).
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

    public static ReverseStart2D Named(string name) => name switch
    {
        "mean" => new(name, [(1, 1, 0, 1)], 0),
        "variance" => new(name, [(1, 0, 0, 0.9)], 0),
        "mixture" => new(name, [(0.5, -0.6, 0, 0.8), (0.5, 0.6, 0, 0.8)], 0),
        "uniform" => new(name, [], Math.Sqrt(3)),
        _ => throw new InputException($"--perturbation: unknown perturbation \"{name}\" (expected mean, variance, mixture, uniform or all)"),
    };

    public double Pdf(double x, double y)
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
        return p;
    }

    /// <summary>The box outside which the density is negligible (±12 s.d.) or zero (uniform).</summary>
    public (double Lo, double Hi) Box => _components.Length == 0
        ? (-_uniformHalfWidth, _uniformHalfWidth)
        : (_components.Min(c => Math.Min(c.Mx, c.My) - 12 * c.Sd), _components.Max(c => Math.Max(c.Mx, c.My) + 12 * c.Sd));

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
