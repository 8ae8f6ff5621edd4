using EntropyScope.Models.Diffusion;

namespace EntropyScope.Estimators.SpeedAccuracy;

/// <summary>
/// The closed-form single-Gaussian check (estimators.md §6): data N(μ, s²) gives P_t = N(a_t, b_t²),
/// ν = ȧ + (ḃ/b)(x − a), T_tṠ_t = v₂² = ȧ² + ḃ²; with P̃₀† = N(a_τ + Δ, b_τ²): ΔW₁ = |Δ|(s/b_τ − 1),
/// D₀ = e^{Δ²/b_τ²} − 1, η = Δ²(s/b_τ − 1)²/(τD₀), c₁ = Δ²∫ḃ²dt/(b_τ²D₀), c₂ = ∫(ȧ² + ḃ²)dt.
/// </summary>
public sealed class SingleGaussianClosedForm(double mu, double s, double tau)
{
    /// <summary>(a, ȧ, b, ḃ) at t for an (m, σ) schedule: a = mμ, b = √(m²s² + σ²).</summary>
    public static (double A, double ADot, double B, double BDot) Moments(NoiseSchedule sch, double mu, double s, double t)
    {
        double m = sch.M(t), md = sch.MDot(t), sg = sch.Sigma(t), sd = sch.SigmaDot(t);
        double b = Math.Sqrt(m * m * s * s + sg * sg);
        return (m * mu, md * mu, b, (m * md * s * s + sg * sd) / b);
    }

    /// <summary>(a, ȧ, b, ḃ) on the OT path to N(0, 1): a = (1 − t/τ)μ, b = (1 − t/τ)s + t/τ.</summary>
    public (double A, double ADot, double B, double BDot) OtMoments(double t) =>
        ((1 - t / tau) * mu, -mu / tau, (1 - t / tau) * s + t / tau, (1 - s) / tau);

    public SpeedAccuracyRow Row(string name, Func<double, (double A, double ADot, double B, double BDot)> moments, double delta)
    {
        double bTau = moments(tau).B;
        double d0 = PearsonChiSquare.GaussianShift(delta, bTau);
        double deltaW1 = Math.Abs(delta) * (s / bTau - 1);
        double intA2 = GaussLegendre.Integrate(t => Math.Pow(moments(t).ADot, 2), 0, tau, 64, 16);
        double intB2 = GaussLegendre.Integrate(t => Math.Pow(moments(t).BDot, 2), 0, tau, 64, 16);
        return new SpeedAccuracyRow
        {
            Schedule = name,
            Perturbation = "mean",
            Tau = tau,
            W1Data = Math.Abs(delta) * s / bTau,
            W1Start = Math.Abs(delta),
            DeltaW1 = deltaW1,
            D0 = d0,
            Eta = deltaW1 * deltaW1 / (tau * d0),
            C1 = delta * delta * intB2 / (bTau * bTau * d0),
            C2 = intA2 + intB2,
            WD = intA2 + intB2,
            Conservative = true,
        };
    }
}
