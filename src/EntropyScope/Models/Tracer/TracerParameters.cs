namespace EntropyScope.Models.Tracer;

/// <summary>
/// Parameters of one trapped tracer (models.md §7): dx = −κx dt + f dt + √(2D) dW.
/// AOUP: τ df = −f dt + √(2D_a) dW′. RBP uses the second-order-equivalent mapping τ = 1/D_r, D_a = v₀²/(2D_r).
/// </summary>
public readonly record struct TracerParameters(TracerModel Model, double Kappa, double D, double Da, double Tau)
{
    /// <summary>RBP rotational diffusion D_r = 1/τ (models.md §7 mapping).</summary>
    public double RotationalDiffusion => 1.0 / Tau;

    /// <summary>RBP propulsion speed v₀ = √(2 D_a D_r) (models.md §7 mapping).</summary>
    public double PropulsionSpeed => Math.Sqrt(2.0 * Da / Tau);

    public bool IsActive => Model != TracerModel.Passive && Da > 0;

    public void Validate()
    {
        if (!(Kappa > 0) || double.IsInfinity(Kappa)) throw new InputException($"--kappa: must be a positive finite number, got {Kappa}");
        if (!(D > 0) || double.IsInfinity(D)) throw new InputException($"--d: must be a positive finite number, got {D}");
        if (Model != TracerModel.Passive)
        {
            if (!(Da > 0) || double.IsInfinity(Da)) throw new InputException($"--da: must be a positive finite number for an active model, got {Da}");
            if (!(Tau > 0) || double.IsInfinity(Tau)) throw new InputException($"--tau: must be a positive finite number for an active model, got {Tau}");
        }
    }
}
