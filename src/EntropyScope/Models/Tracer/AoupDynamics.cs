namespace EntropyScope.Models.Tracer;

/// <summary>
/// The linear (x, f) system of an AOUP tracer (models.md §7): 𝒜 = [[−κ, 1], [0, −1/τ]], 𝒟 = diag(D, D_a/τ²),
/// its stationary covariance C, the exact one-step transition Φ = e^{𝒜Δt} and process covariance Q = C − ΦCΦᵀ.
/// D_a = 0 gives the passive tracer (f ≡ 0).
/// </summary>
public readonly struct AoupDynamics
{
    public readonly double Kappa, D, Da, Tau, Dt;
    /// <summary>Stationary covariance: C_xx, C_xf, C_ff (models.md §7).</summary>
    public readonly double Cxx, Cxf, Cff;
    /// <summary>Transition Φ (Φ₂₁ = 0).</summary>
    public readonly double Phi11, Phi12, Phi22;
    /// <summary>Process covariance Q = C − ΦCΦᵀ.</summary>
    public readonly double Qxx, Qxf, Qff;

    public AoupDynamics(double kappa, double d, double da, double tau, double dt)
    {
        Kappa = kappa; D = d; Da = da; Tau = tau; Dt = dt;
        bool active = da > 0;
        // C(0) = D/κ + D_a/[κ(1 + κτ)], ⟨xf⟩ = D_a/(1 + κτ), ⟨f²⟩ = D_a/τ (models.md §7)
        Cxx = d / kappa + (active ? da / (kappa * (1 + kappa * tau)) : 0);
        Cxf = active ? da / (1 + kappa * tau) : 0;
        Cff = active ? da / tau : 0;
        Phi11 = Math.Exp(-kappa * dt);
        Phi22 = active ? Math.Exp(-dt / tau) : 0;
        // Φ₁₂ = (e^{−Δt/τ} − e^{−κΔt})/(κ − 1/τ) = e^{−κΔt} Δt · expm1(uΔt)/(uΔt), u = κ − 1/τ (stable at κτ = 1)
        double u = kappa - (active ? 1.0 / tau : 0);
        Phi12 = active ? Phi11 * dt * ExpM1OverX(u * dt) : 0;
        // Q = C − ΦCΦᵀ, with passive closed form (D/κ)(1 − e^{−2κΔt}) computed without cancellation
        if (!active)
        {
            Qxx = d / kappa * -ExpM1(-2 * kappa * dt);
            Qxf = 0; Qff = 0;
        }
        else
        {
            double pc_xx = Phi11 * Cxx + Phi12 * Cxf, pc_xf = Phi11 * Cxf + Phi12 * Cff;
            // (ΦCΦᵀ)₁₁ = (ΦC)₁₁Φ₁₁ + (ΦC)₁₂Φ₁₂, (ΦCΦᵀ)₁₂ = (ΦC)₁₂Φ₂₂, (ΦCΦᵀ)₂₂ = Φ₂₂²C_ff  (Φ₂₁ = 0)
            Qxx = Cxx - (pc_xx * Phi11 + pc_xf * Phi12);
            Qxf = Cxf - pc_xf * Phi22;
            Qff = Cff - Phi22 * Phi22 * Cff;
        }
    }

    /// <summary>Stationary position autocorrelation C(t) = ⟨x(0)x(t)⟩ (models.md §7), t ≥ 0.</summary>
    public static double Autocorrelation(double kappa, double d, double da, double tau, double t)
    {
        t = Math.Abs(t);
        double passive = d / kappa * Math.Exp(-kappa * t);
        if (!(da > 0)) return passive;
        return passive + ActivePart(kappa, da, tau, t);
    }

    /// <summary>Active part D_a/[κ(1 − κ²τ²)](e^{−κt} − κτ e^{−t/τ}) (models.md §7), with its κτ = 1 limit.</summary>
    private static double ActivePart(double kappa, double da, double tau, double t)
    {
        double kt = kappa * tau;
        if (Math.Abs(1 - kt) > 1e-6)
            return da / (kappa * (1 - kt * kt)) * (Math.Exp(-kappa * t) - kt * Math.Exp(-t / tau));
        // κτ = 1 limit: (D_a/2κ)(1 + κt)e^{−κt}
        return da / (2 * kappa) * (1 + kappa * t) * Math.Exp(-kappa * t);
    }

    public static double ExpM1(double x) => Math.Abs(x) < 1e-5 ? x + x * x / 2 + x * x * x / 6 : Math.Exp(x) - 1;

    /// <summary>(e^x − 1)/x, stable near 0.</summary>
    internal static double ExpM1OverX(double x) => Math.Abs(x) < 1e-5 ? 1 + x / 2 + x * x / 6 : (Math.Exp(x) - 1) / x;
}
