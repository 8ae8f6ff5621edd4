namespace EntropyScope.Models.Diffusion;

/// <summary>
/// The optimal-transport schedule in 1D: the displacement interpolation x_t = (1 − t/τ)x₀ + (t/τ)𝒯(x₀) between the
/// data q and N(0, 1) with the monotone map 𝒯 = Φ⁻¹∘F_q (models.md §8, estimators.md §6). Its Eulerian velocity at
/// x is (𝒯(x₀) − x₀)/τ for the label x₀ of x, and its speed is constant: v₂² = W₂²(q, N(0,1))/τ².
/// </summary>
public sealed class OtProcess1D(GaussianMixture1D data, double tau = 1) : ForwardProcess1D
{
    private double? _w2Squared;

    public override string Name => "ot";
    public override double Tau => tau;
    public override double ForceRate(double t) => double.NaN;
    public override double Temperature(double t) => double.NaN;

    /// <summary>𝒯(x₀) = Φ⁻¹(F_q(x₀)), using the survival function above the median (no loss in the upper tail).</summary>
    public double Map(double x0)
    {
        double f = data.Cdf(x0);
        return f <= 0.5 ? StandardNormal.Quantile(f) : StandardNormal.QuantileOfSurvival(data.Survival(x0));
    }

    /// <summary>𝒯⁻¹(z) = F_q⁻¹(Φ(z)).</summary>
    public double InverseMap(double z) => z <= 0 ? data.Quantile(StandardNormal.Cdf(z)) : data.QuantileOfSurvival(StandardNormal.Survival(z));

    /// <summary>The label x₀ with (1 − s)x₀ + s𝒯(x₀) = x, s = t/τ (safeguarded Newton on an increasing function).</summary>
    public double Label(double t, double x)
    {
        double s = t / tau;
        if (s >= 1) return InverseMap(x);
        double lo = data.Means.Select((mu, c) => mu - 38 * data.Sds[c]).Min() + Math.Min(0, x) * 2;
        double hi = data.Means.Select((mu, c) => mu + 38 * data.Sds[c]).Max() + Math.Max(0, x) * 2;
        double x0 = Math.Clamp(x, lo, hi);
        for (int it = 0; it < 200; it++)
        {
            double T = Map(x0), g = (1 - s) * x0 + s * T - x;
            if (g > 0) hi = x0; else lo = x0;
            double slope = (1 - s) + s * data.Pdf(x0) / Math.Max(StandardNormal.Pdf(T), 1e-300);
            double next = x0 - g / slope;
            if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
            if (Math.Abs(next - x0) <= 1e-14 * Math.Max(1, Math.Abs(x0))) return next;
            x0 = next;
        }
        return x0;
    }

    public override double Velocity(double t, double x)
    {
        double x0 = Label(t, x);
        return (Map(x0) - x0) / tau;
    }

    public override double Quantile(double t, double u)
    {
        double s = t / tau, x0 = data.Quantile(u);
        return (1 - s) * x0 + s * StandardNormal.Quantile(u);
    }

    public override double Pdf(double t, double x)
    {
        double s = t / tau;
        if (s >= 1) return StandardNormal.Pdf(x); // the end point of the geodesic is N(0, 1) exactly
        double x0 = Label(t, x);
        double jac = (1 - s) + s * data.Pdf(x0) / StandardNormal.Pdf(Map(x0));
        return data.Pdf(x0) / jac;
    }

    /// <summary>W₂²(q, N(0,1)) = E_q[(𝒯(x₀) − x₀)²], by Gauss–Legendre over ±12 s.d. of each component.</summary>
    public double W2Squared => _w2Squared ??= GaussLegendre.Integrate(x0 => data.Pdf(x0) * Math.Pow(Map(x0) - x0, 2),
        data.Means.Select((mu, c) => mu - 12 * data.Sds[c]).Min(), data.Means.Select((mu, c) => mu + 12 * data.Sds[c]).Max(), 200, 16);

    /// <summary>Constant along the geodesic: W₂²/τ².</summary>
    public override double MeanSquaredVelocity(double t) => W2Squared / (tau * tau);

    /// <summary>Exact: every particle keeps its label x₀ = 𝒯⁻¹(x_τ) and moves on a straight line with constant velocity.</summary>
    public override (double[,] Position, double[,] Velocity) FlowBack(double[] start, double[] times, int substeps = 1)
    {
        int n = start.Length, k = times.Length;
        var pos = new double[k, n];
        var vel = new double[k, n];
        for (int i = 0; i < n; i++)
        {
            double x0 = InverseMap(start[i]), z = start[i];
            for (int j = 0; j < k; j++)
            {
                double s = times[j] / tau;
                pos[j, i] = (1 - s) * x0 + s * z;
                vel[j, i] = (z - x0) / tau;
            }
        }
        return (pos, vel);
    }
}
