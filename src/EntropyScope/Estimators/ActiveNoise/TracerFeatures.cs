using System.Text.Json.Serialization;
using EntropyScope.Models.Tracer;

namespace EntropyScope.Estimators.ActiveNoise;

/// <summary>
/// Network inputs (estimators.md §5), format version 2. Per step: (x_t / σ̂_x, Δx_t / σ̂_Δx) with Δx₀ = 0, where
/// σ̂_x = rms(x) and σ̂_Δx = rms(Δx) of THIS trajectory, so every trajectory enters the LSTM at unit variance
/// whatever D, D_a (the gates never saturate on large amplitudes nor starve on small ones). The amplitudes are not
/// lost: per trajectory the dense head gets the summary (ln T / ln 1000, ln(σ̂_x / s_x), ln(σ̂_Δx / s_Δx)), with
/// s_x = √C(0) and s_Δx = √(2DΔt) at the prior's geometric-mean parameters (fixed reference scales), and the excess
/// kurtoses of x and of Δx (0 in expectation for every Gaussian model; RBP's bounded force makes them negative).
/// The kurtoses are our addition [assumed]: AOUP and RBP share C(t), so only such higher moments separate them, and
/// an LSTM trained from scratch on the weak signal did not find them by itself within minutes (stayed at chance).
/// </summary>
public sealed record TracerFeatures
{
    [JsonPropertyName("position_scale")] public double PositionScale { get; init; }
    [JsonPropertyName("increment_scale")] public double IncrementScale { get; init; }

    /// <summary>Per-step inputs.</summary>
    public const int Count = 2;
    /// <summary>Per-trajectory inputs of the dense head.</summary>
    public const int SummaryCount = 5;
    /// <summary>Reference length of the length feature and of the evidence head (see <see cref="TracerNetwork"/>).</summary>
    public const double ReferenceLength = 1000;

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

    /// <summary>
    /// Writes one trajectory's per-step features into <paramref name="steps"/> (length × 2, row-major) and its
    /// summary into <paramref name="summary"/> (5 values).
    /// </summary>
    public void Write(ReadOnlySpan<double> x, Span<float> steps, Span<float> summary)
    {
        int n = x.Length;
        double sxx = 0, sdd = 0, sx4 = 0, sd4 = 0;
        for (int t = 0; t < n; t++) { double q = x[t] * x[t]; sxx += q; sx4 += q * q; }
        for (int t = 1; t < n; t++) { double q = (x[t] - x[t - 1]) * (x[t] - x[t - 1]); sdd += q; sd4 += q * q; }
        // a constant (all-zero) trajectory must not divide by zero; 1e-300 keeps the logs finite
        double sx = Math.Sqrt(Math.Max(sxx / n, 1e-300)), sd = Math.Sqrt(Math.Max(sdd / Math.Max(n - 1, 1), 1e-300));
        for (int t = 0; t < n; t++)
        {
            steps[2 * t] = (float)(x[t] / sx);
            steps[2 * t + 1] = t == 0 ? 0f : (float)((x[t] - x[t - 1]) / sd);
        }
        summary[0] = (float)(Math.Log(n) / Math.Log(ReferenceLength));
        summary[1] = (float)Math.Log(sx / PositionScale);
        summary[2] = (float)Math.Log(sd / IncrementScale);
        // excess kurtosis about the trap centre, E[x⁴]/E[x²]² − 3 (and of the increments)
        summary[3] = (float)(sx4 / n / Math.Pow(sx, 4) - 3);
        summary[4] = n < 2 ? 0f : (float)(sd4 / (n - 1) / Math.Pow(sd, 4) - 3);
    }

    /// <summary>Features of <paramref name="count"/> trajectories of one length stored back to back in <paramref name="positions"/>.</summary>
    public TracerInputs Encode(ReadOnlySpan<double> positions, int count, int length)
    {
        var r = TracerInputs.Allocate(count, length);
        for (int i = 0; i < count; i++)
            Write(positions.Slice(i * length, length), r.StepsOf(i), r.SummaryOf(i));
        return r;
    }
}

/// <summary>Encoded network inputs of B trajectories of one length: steps [B, L, 2] and summaries [B, 3].</summary>
public sealed class TracerInputs
{
    public required float[] Steps { get; init; }
    public required float[] Summary { get; init; }
    public int Count { get; init; }
    public int Length { get; init; }

    public static TracerInputs Allocate(int count, int length) => new()
    {
        Steps = new float[count * length * TracerFeatures.Count], Summary = new float[count * TracerFeatures.SummaryCount], Count = count, Length = length,
    };

    public Span<float> StepsOf(int i) => Steps.AsSpan(i * Length * TracerFeatures.Count, Length * TracerFeatures.Count);
    public Span<float> SummaryOf(int i) => Summary.AsSpan(i * TracerFeatures.SummaryCount, TracerFeatures.SummaryCount);

    /// <summary>Trajectories [start, start + n) as their own inputs.</summary>
    public TracerInputs Range(int start, int n) => new()
    {
        Steps = Steps.AsSpan(start * Length * TracerFeatures.Count, n * Length * TracerFeatures.Count).ToArray(),
        Summary = Summary.AsSpan(start * TracerFeatures.SummaryCount, n * TracerFeatures.SummaryCount).ToArray(),
        Count = n, Length = Length,
    };
}
