using System.Text.Json.Serialization;
using EntropyScope.Models.Tracer;

namespace EntropyScope.Estimators.ActiveNoise;

/// <summary>
/// Network inputs (estimators.md §5): per step (x_t / s_x, Δx_t / s_Δx) with Δx₀ = 0 and FIXED global scales
/// (no per-trajectory standardisation, so the absolute size of the fluctuations, i.e. D, stays visible).
/// s_x = √C(0) and s_Δx = √(2DΔt) at the prior's geometric-mean parameters.
/// </summary>
public sealed record TracerFeatures
{
    [JsonPropertyName("position_scale")] public double PositionScale { get; init; }
    [JsonPropertyName("increment_scale")] public double IncrementScale { get; init; }

    public const int Count = 2;

    public static TracerFeatures ForPrior(TracerPrior prior, double dt)
    {
        double G(double lo, double hi) => Math.Sqrt(lo * hi);
        double kappa = G(prior.KappaMin, prior.KappaMax), d = G(prior.DMin, prior.DMax), da = G(prior.DaMin, prior.DaMax), tau = G(prior.TauMin, prior.TauMax);
        return new TracerFeatures
        {
            PositionScale = Math.Sqrt(new AoupDynamics(kappa, d, da, tau, dt).Cxx),
            IncrementScale = Math.Sqrt(2 * d * dt),
        };
    }

    /// <summary>Writes one trajectory's features into <paramref name="destination"/> (length × 2, row-major).</summary>
    public void Write(ReadOnlySpan<double> x, Span<float> destination)
    {
        for (int t = 0; t < x.Length; t++)
        {
            destination[2 * t] = (float)(x[t] / PositionScale);
            destination[2 * t + 1] = t == 0 ? 0f : (float)((x[t] - x[t - 1]) / IncrementScale);
        }
    }
}
