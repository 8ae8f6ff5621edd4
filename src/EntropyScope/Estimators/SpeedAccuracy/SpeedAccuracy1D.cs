using EntropyScope.Models.Diffusion;

namespace EntropyScope.Estimators.SpeedAccuracy;

/// <summary>
/// Speed–accuracy analysis of a 1D forward process and a perturbed reverse start (estimators.md §6).
/// Reverse runs: M particles at the quantiles u_k = (k − ½)/M of the exact start P_τ and of P̃₀†, flowed back with
/// dx/dt̃ = −ν; the flow is monotone, so the quantile coupling stays optimal and W₁(t) = mean|X_k − X̃_k| exactly,
/// with ∂_tW₁ = mean sign(X_k − X̃_k)(ν(X_k) − ν(X̃_k)) along the flow (used for v_loss instead of differencing).
/// </summary>
public static class SpeedAccuracy1D
{
    public static SpeedAccuracyResult Analyse(ForwardProcess1D process, ReverseStart1D start, SpeedAccuracyOptions options,
        IProgressSink? progress = null)
    {
        double tau = process.Tau;
        var grid = new TimeGrid(tau, options.Epsilon, options.TimeIntervals);
        int m = options.Particles, k = grid.T.Length;

        var exact = new double[m];
        var perturbed = new double[m];
        for (int i = 0; i < m; i++)
        {
            double u = (i + 0.5) / m;
            exact[i] = process.Quantile(tau, u);
            perturbed[i] = start.Quantile(u);
        }
        var (lo, hi) = start.Support;
        double d0 = PearsonChiSquare.Compute(start.Pdf, x => process.Pdf(tau, x), lo, hi);
        if (!double.IsFinite(d0) || d0 <= 0)
            throw new InputException($"perturbation {start.Name}: Pearson χ² against P_τ is {d0} (needs a finite positive value)");

        var (xs, vs) = process.FlowBack(exact, grid.T);
        var (xt, vt) = process.FlowBack(perturbed, grid.T);
        progress?.Report(0.5, $"{process.Name} × {start.Name}: reverse runs done");

        var series = NewSeries(k);
        for (int j = 0; j < k; j++)
        {
            double w1 = 0, dw1 = 0;
            for (int i = 0; i < m; i++)
            {
                double d = xs[j, i] - xt[j, i];
                w1 += Math.Abs(d);
                dw1 += Math.Sign(d) * (vs[j, i] - vt[j, i]);
            }
            double t = grid.T[j], msv = process.MeanSquaredVelocity(t), temp = process.Temperature(t);
            series.T[j] = t;
            series.ForceRate[j] = process.ForceRate(t);
            series.Temperature[j] = temp;
            series.RmsVelocity[j] = Math.Sqrt(msv);
            series.EntropyRate[j] = msv / temp;                 // Ṡ_t = E ν²/T_t (Eq. 36)
            series.TemperatureTimesEntropyRate[j] = msv;
            series.WassersteinSpeed[j] = Math.Sqrt(msv);        // 1D: ν is a gradient, v₂² = T_tṠ_t (Eq. 67)
            series.W1[j] = w1 / m;
            series.LossSpeed[j] = Math.Abs(dw1 / m) / Math.Sqrt(d0);
        }

        double w1Start = exact.Zip(perturbed, (a, b) => Math.Abs(a - b)).Average();
        return new SpeedAccuracyResult(Summarise(process.Name, start.Name, grid, series, series.W1[0], w1Start, d0, conservative: true), series);
    }

    internal static SpeedAccuracySeries NewSeries(int k) => new(new double[k], new double[k], new double[k], new double[k], new double[k],
        new double[k], new double[k], new double[k], new double[k]);

    /// <summary>η, c₁, c₂, w_D and the pointwise check from the series (Eqs. 77–83).</summary>
    internal static SpeedAccuracyRow Summarise(string schedule, string perturbation, TimeGrid grid, SpeedAccuracySeries s,
        double w1Data, double w1Start, double d0, bool conservative)
    {
        int k = grid.T.Length;
        // ΔW₁ over the integrated span [ε, τ − ε] (→ W₁(0) − W₁(τ) as ε → 0), so that Cauchy–Schwarz gives η ≤ c₁ at every ε.
        double deltaW1 = s.W1[0] - s.W1[k - 1], span = grid.T[k - 1] - grid.T[0];
        double c1 = grid.Integrate(s.LossSpeed.Select(v => v * v).ToArray());
        double c2 = s.WassersteinSpeed.Any(double.IsNaN) ? double.NaN : grid.Integrate(s.WassersteinSpeed.Select(v => v * v).ToArray());
        double wd = grid.Integrate(s.TemperatureTimesEntropyRate);
        double ep = s.EntropyRate.Any(v => !double.IsFinite(v)) ? double.NaN : grid.Integrate(s.EntropyRate);
        double excess = double.NegativeInfinity;
        for (int j = 0; j < k; j++) excess = Math.Max(excess, s.LossSpeed[j] * s.LossSpeed[j] - s.TemperatureTimesEntropyRate[j]);
        return new SpeedAccuracyRow
        {
            Schedule = schedule,
            Perturbation = perturbation,
            Tau = grid.Tau,
            Epsilon = grid.Epsilon,
            W1Data = w1Data,
            W1Start = w1Start,
            DeltaW1 = deltaW1,
            D0 = d0,
            Eta = deltaW1 * deltaW1 / (span * d0),
            C1 = c1,
            C2 = c2,
            WD = wd,
            EntropyProduction = ep,
            Conservative = conservative,
            MaxPointwiseExcess = excess,
        };
    }
}
