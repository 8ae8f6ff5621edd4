using EntropyScope.Models.Diffusion;

namespace EntropyScope.Estimators.SpeedAccuracy;

/// <summary>D₀ = ∫(P̃ − P)²/P = ∫P̃²/P − 1, the Pearson χ² divergence of the perturbed start from the exact one (Eq. 78).</summary>
public static class PearsonChiSquare
{
    /// <summary>1D: Gauss–Legendre over the support of P̃ (where P̃ = 0 the integrand vanishes).</summary>
    public static double Compute(Func<double, double> perturbedPdf, Func<double, double> exactPdf, double lo, double hi)
    {
        double integral = GaussLegendre.Integrate(x =>
        {
            double q = perturbedPdf(x);
            if (q == 0) return 0;
            double p = exactPdf(x);
            return p > 0 ? q * q / p : double.PositiveInfinity;
        }, lo, hi, 400, 12);
        return integral - 1;
    }

    /// <summary>Closed form for equal variances b² and a mean shift Δ: e^{Δ²/b²} − 1.</summary>
    public static double GaussianShift(double delta, double b) => Math.Exp(delta * delta / (b * b)) - 1;

    /// <summary>Closed form for zero-mean isotropic Gaussians, s.d. s̃ against b in d dimensions: [b²/(s̃√(2b² − s̃²))]^d − 1.</summary>
    public static double GaussianScale(double sTilde, double b, int d) =>
        2 * b * b > sTilde * sTilde ? Math.Pow(b * b / (sTilde * Math.Sqrt(2 * b * b - sTilde * sTilde)), d) - 1 : double.PositiveInfinity;
}
