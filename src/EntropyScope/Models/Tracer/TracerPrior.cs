using System.Text.Json.Serialization;

namespace EntropyScope.Models.Tracer;

/// <summary>
/// Log-uniform parameter prior of models.md §7 [assumed defaults]: κ = 1 (fixed), D, D_a, τ ∈ [0.1, 10].
/// A range with Min == Max fixes that parameter. The same prior is used for simulation, training and the optimum.
/// </summary>
public sealed record TracerPrior
{
    [JsonPropertyName("kappa_min")] public double KappaMin { get; init; } = 1.0;
    [JsonPropertyName("kappa_max")] public double KappaMax { get; init; } = 1.0;
    [JsonPropertyName("d_min")] public double DMin { get; init; } = 0.1;
    [JsonPropertyName("d_max")] public double DMax { get; init; } = 10.0;
    [JsonPropertyName("d_a_min")] public double DaMin { get; init; } = 0.1;
    [JsonPropertyName("d_a_max")] public double DaMax { get; init; } = 10.0;
    [JsonPropertyName("tau_min")] public double TauMin { get; init; } = 0.1;
    [JsonPropertyName("tau_max")] public double TauMax { get; init; } = 10.0;

    public static TracerPrior Default { get; } = new();

    public void Validate()
    {
        Check("kappa", KappaMin, KappaMax);
        Check("d", DMin, DMax);
        Check("d_a", DaMin, DaMax);
        Check("tau", TauMin, TauMax);
    }

    private static void Check(string name, double lo, double hi)
    {
        if (!(lo > 0) || !(hi >= lo) || double.IsInfinity(hi))
            throw new InputException($"prior {name}: need 0 < min <= max < inf, got [{lo}, {hi}]");
    }

    /// <summary>Draws parameters for <paramref name="model"/>; passive draws D_a and τ too (then sets D_a = 0) so streams stay aligned.</summary>
    public TracerParameters Sample(TracerModel model, Random rng)
    {
        double kappa = LogUniform(rng, KappaMin, KappaMax);
        double d = LogUniform(rng, DMin, DMax);
        double da = LogUniform(rng, DaMin, DaMax);
        double tau = LogUniform(rng, TauMin, TauMax);
        return model == TracerModel.Passive ? new(model, kappa, d, 0, tau) : new(model, kappa, d, da, tau);
    }

    /// <summary>The log-parameter box (ln κ, ln D, ln D_a, ln τ) as (lo, hi) pairs.</summary>
    public (double Lo, double Hi)[] LogBox() =>
    [
        (Math.Log(KappaMin), Math.Log(KappaMax)), (Math.Log(DMin), Math.Log(DMax)),
        (Math.Log(DaMin), Math.Log(DaMax)), (Math.Log(TauMin), Math.Log(TauMax)),
    ];

    /// <summary>True when every parameter lies within the prior box (relative tolerance <paramref name="slack"/>).</summary>
    public bool Contains(double kappa, double d, double da, double tau, double slack = 0.0) =>
        In(kappa, KappaMin, KappaMax, slack) && In(d, DMin, DMax, slack) && In(da, DaMin, DaMax, slack) && In(tau, TauMin, TauMax, slack);

    private static bool In(double v, double lo, double hi, double slack) => v >= lo * (1 - slack) && v <= hi * (1 + slack);

    internal static double LogUniform(Random rng, double lo, double hi) =>
        lo == hi ? lo : Math.Exp(Math.Log(lo) + rng.NextDouble() * (Math.Log(hi) - Math.Log(lo)));
}
