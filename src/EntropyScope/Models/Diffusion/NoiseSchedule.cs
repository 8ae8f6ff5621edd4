namespace EntropyScope.Models.Diffusion;

/// <summary>
/// An (m, σ) forward schedule: P_t(x | y) = N(m_t y, σ_t² I) with m₀ = 1, σ₀ = 0, on t ∈ [0, τ] (models.md §8).
/// Force f_t(x) = (ṁ/m)x (Eq. 23) and temperature T_t = σσ̇ − σ²ṁ/m (Eq. 22) follow from (m, σ).
/// </summary>
public abstract class NoiseSchedule
{
    public abstract string Name { get; }
    public abstract double Tau { get; }
    public abstract double M(double t);
    public abstract double Sigma(double t);
    public abstract double MDot(double t);
    public abstract double SigmaDot(double t);

    /// <summary>ṁ/m, the linear force coefficient f_t(x) = (ṁ/m)x (Eq. 23); −∞ where m reaches 0.</summary>
    public double ForceRate(double t) => MDot(t) / M(t);

    /// <summary>T_t = σσ̇ − σ²ṁ/m (Eq. 22); +∞ where m reaches 0 with ṁ &lt; 0.</summary>
    public double Temperature(double t)
    {
        double m = M(t), s = Sigma(t);
        return s * SigmaDot(t) - s * s * MDot(t) / m;
    }
}

/// <summary>Cosine schedule (Eq. 32): m = cos(πt/2τ), σ = sin(πt/2τ); T_t = (π/2τ)tan(πt/2τ).</summary>
public sealed class CosineSchedule(double tau = 1) : NoiseSchedule
{
    public override string Name => "cosine";
    public override double Tau => tau;
    private double W => Math.PI / (2 * tau);
    public override double M(double t) => Math.Cos(W * t);
    public override double Sigma(double t) => Math.Sin(W * t);
    public override double MDot(double t) => -W * Math.Sin(W * t);
    public override double SigmaDot(double t) => W * Math.Cos(W * t);
}

/// <summary>Conditional OT schedule (Eq. 28): m = 1 − t/τ, σ = t/τ; T_t = (t/τ)/(τ − t).</summary>
public sealed class ConditionalOtSchedule(double tau = 1) : NoiseSchedule
{
    public override string Name => "cond-ot";
    public override double Tau => tau;
    public override double M(double t) => 1 - t / tau;
    public override double Sigma(double t) => t / tau;
    public override double MDot(double t) => -1 / tau;
    public override double SigmaDot(double t) => 1 / tau;
}
