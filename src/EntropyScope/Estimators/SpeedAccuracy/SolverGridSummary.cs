using EntropyScope.Models.Diffusion;

namespace EntropyScope.Estimators.SpeedAccuracy;

/// <summary>
/// η, c₁, c₂ and w_D when the reverse runs use a discretised sampler (Euler/Heun, K steps) instead of the exact flow.
/// The generated laws exist only at the solver times t_0 &lt; … &lt; t_K, so W₁ is measured there and
///   ΔW₁ = W₁(t_0) − W₁(t_K),   η = ΔW₁²/((t_K − t_0)D₀),   c₁ = Σ_j (W₁(t_j) − W₁(t_{j−1}))²/((t_j − t_{j−1})D₀),
/// i.e. v_loss is the finite difference of W₁ over each solver step. η ≤ c₁ then holds for ANY sampler (Cauchy–Schwarz
/// over the steps). c₂ = ∫v₂² dt and w_D = ∫T_tṠ_t dt belong to the forward process and are integrated on the fine
/// analysis grid as for the exact flow; c₁ ≤ c₂ and c₁ ≤ w_D (Eq. 80) are proved only for the exact flow, so for a
/// discretised sampler they are measured, not guaranteed (slack and interval-wise excess reported as they come).
/// </summary>
public static class SolverGridSummary
{
    /// <summary>The forward process as the summary needs it: E‖ν_t‖², T_t, the force rate, and whether ν is a gradient.</summary>
    public sealed record ForwardQuantities(Func<double, double> MeanSquaredVelocity, Func<double, double> Temperature,
        Func<double, double> ForceRate, bool Conservative);

    public static SpeedAccuracyResult Summarise(string schedule, string perturbation, ReverseSampler sampler, ForwardQuantities forward,
        TimeGrid fine, double[] times, double[] w1, double d0, double w1Start, double w1Generated)
    {
        int k = times.Length;
        // Forward-process integrals on the fine grid (independent of the sampler).
        var fineMsv = fine.T.Select(forward.MeanSquaredVelocity).ToArray();
        double wd = fine.Integrate(fineMsv);
        double c2 = forward.Conservative ? wd : double.NaN;                                  // v₂² = E‖ν‖² for a gradient flow (Eq. 67)
        var fineRate = fine.T.Select((t, j) => fineMsv[j] / forward.Temperature(t)).ToArray();
        double ep = fineRate.Any(v => !double.IsFinite(v)) ? double.NaN : fine.Integrate(fineRate);

        var series = SpeedAccuracy1D.NewSeries(k);
        double c1 = 0, excess = double.NegativeInfinity;
        for (int j = 0; j < k; j++)
        {
            double t = times[j], msv = forward.MeanSquaredVelocity(t), temp = forward.Temperature(t);
            series.T[j] = t;
            series.ForceRate[j] = forward.ForceRate(t);
            series.Temperature[j] = temp;
            series.RmsVelocity[j] = Math.Sqrt(msv);
            series.EntropyRate[j] = msv / temp;
            series.TemperatureTimesEntropyRate[j] = msv;
            series.WassersteinSpeed[j] = forward.Conservative ? Math.Sqrt(msv) : double.NaN;
            series.W1[j] = w1[j];
            if (j == 0) continue;
            double dt = times[j] - times[j - 1], vloss2 = Math.Pow(w1[j] - w1[j - 1], 2) / (dt * dt * d0);
            series.LossSpeed[j] = Math.Sqrt(vloss2);                                          // v_loss on (t_{j−1}, t_j]
            c1 += vloss2 * dt;
            // Interval form of Eq. 80 (what Cauchy–Schwarz gives the exact flow): v_loss² ≤ mean of T_tṠ_t over the step (Simpson).
            double mean = (forward.MeanSquaredVelocity(times[j - 1]) + 4 * forward.MeanSquaredVelocity(0.5 * (times[j - 1] + t)) + msv) / 6;
            excess = Math.Max(excess, vloss2 - mean);
        }
        series.LossSpeed[0] = k > 1 ? series.LossSpeed[1] : 0;
        double deltaW1 = w1[0] - w1[k - 1], span = times[k - 1] - times[0];
        var row = new SpeedAccuracyRow
        {
            Schedule = schedule,
            Perturbation = perturbation,
            Sampler = sampler.Label,
            Tau = fine.Tau,
            Epsilon = fine.Epsilon,
            W1Data = w1[0],
            W1Start = w1Start,
            DeltaW1 = deltaW1,
            W1Generated = w1Generated,
            D0 = d0,
            Eta = deltaW1 * deltaW1 / (span * d0),
            C1 = c1,
            C2 = c2,
            WD = wd,
            EntropyProduction = ep,
            Conservative = forward.Conservative,
            MaxPointwiseExcess = excess,
        };
        return new SpeedAccuracyResult(row, series);
    }
}
