using EntropyScope.Models.Diffusion;

namespace EntropyScope.Estimators.SpeedAccuracy;

/// <summary>
/// The speed–accuracy figures of one schedule × perturbation (estimators.md §6, Eqs. 77–83):
/// η = (ΔW₁)²/(τD₀) ≤ c₁ = ∫v_loss² dt ≤ c₂ = ∫v₂² dt (conservative force) or ≤ w_D = ∫T_tṠ_t dt (general).
/// </summary>
public sealed record SpeedAccuracyRow
{
    public required string Schedule { get; init; }
    public required string Perturbation { get; init; }
    /// <summary>The reverse sampler that generated from both starts: "exact" (accurate flow) or e.g. "euler-10" (K = 10 steps).</summary>
    public string Sampler { get; init; } = "exact";
    public double Tau { get; init; }
    public double Epsilon { get; init; }
    /// <summary>W₁(P_ε, P̃_ε) (generated vs data, t → 0) and W₁(P_τ, P̃_τ) (the two starts); ΔW₁ = W₁(ε) − W₁(τ − ε) over the integrated span.</summary>
    public double W1Data { get; init; }
    public double W1Start { get; init; }
    public double DeltaW1 { get; init; }
    /// <summary>W₁ between the law generated from the exact start P_τ and the data marginal at the last solver time: the
    /// sampler's own error (≈ 0 for the exact flow; discretisation error for Euler/Heun).</summary>
    public double W1Generated { get; init; } = double.NaN;
    public double D0 { get; init; }
    public double Eta { get; init; }
    public double C1 { get; init; }
    /// <summary>∫v₂² dt; NaN when v₂ is not computed (non-conservative force in 2D: use w_D).</summary>
    public double C2 { get; init; }
    public double WD { get; init; }
    /// <summary>∫Ṡ_t dt over [ε, τ − ε] (diverges logarithmically as ε → 0 where T_t → 0; NaN for OT).</summary>
    public double EntropyProduction { get; init; }
    public bool Conservative { get; init; }
    /// <summary>max_t (v_loss² − T_tṠ_t): must be ≤ 0 (Eq. 80) for the exact flow, up to discretisation. For a discretised
    /// sampler: max over solver intervals of v_loss² (finite difference) − the interval mean of T_tṠ_t (measured, not guaranteed).</summary>
    public double MaxPointwiseExcess { get; init; }

    public double SlackEtaC1 => C1 - Eta;
    public double SlackC1C2 => C2 - C1;
    public double SlackC1WD => WD - C1;

    /// <summary>η ≤ c₁ and c₁ ≤ c₂ (conservative) / c₁ ≤ w_D (general), with a relative tolerance for quadrature error.</summary>
    public bool BoundHolds(double relTol = 1e-6)
    {
        bool Le(double a, double b) => a <= b + relTol * Math.Max(Math.Abs(b), 1e-12);
        bool upper = Conservative && double.IsFinite(C2) ? Le(C1, C2) : Le(C1, WD);
        return Le(Eta, C1) && upper && Le(C1, WD);
    }
}

/// <summary>The time series behind a row, on the grid of <see cref="TimeGrid"/>.</summary>
public sealed record SpeedAccuracySeries(
    double[] T,
    double[] ForceRate,
    double[] Temperature,
    double[] RmsVelocity,
    double[] EntropyRate,
    double[] TemperatureTimesEntropyRate,
    double[] WassersteinSpeed,
    double[] LossSpeed,
    double[] W1);

public sealed record SpeedAccuracyResult(SpeedAccuracyRow Row, SpeedAccuracySeries Series);

/// <summary>Numerical options shared by the 1D and 2D analyses.</summary>
public sealed record SpeedAccuracyOptions
{
    /// <summary>The grid is [ε, τ − ε]; the ε → 0 check reruns with larger ε.</summary>
    public double Epsilon { get; init; } = 1e-8;
    public int TimeIntervals { get; init; } = 400;
    /// <summary>Particles per reverse run (1D: placed at quantiles).</summary>
    public int Particles { get; init; } = 4000;
    public int Seed { get; init; } = 1;
    /// <summary>The reverse sampler (default: the accurate flow on the analysis grid).</summary>
    public ReverseSampler Sampler { get; init; } = ReverseSampler.Exact;
}
