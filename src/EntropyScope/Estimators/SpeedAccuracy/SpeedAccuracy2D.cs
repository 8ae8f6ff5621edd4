using EntropyScope.Models.Diffusion;

namespace EntropyScope.Estimators.SpeedAccuracy;

/// <summary>
/// Speed–accuracy analysis of a 2D forward process (estimators.md §6): M particles sampled from P_τ and from the
/// perturbed start P̃₀† (coupled through common normals) are flowed back by RK4; W₁(t) is the exact assignment cost between the two clouds at each
/// grid time, and ∂_tW₁ its Danskin derivative along the flow (the optimal matching held fixed).
/// For a non-conservative force v₂ is not computed (the bound then uses w_D = ∫T_tṠ_t dt).
/// </summary>
public static class SpeedAccuracy2D
{
    /// <summary>RK4 substeps per grid interval of the reverse runs.</summary>
    public const int Substeps = 8;

    public static SpeedAccuracyResult Analyse(ForwardProcess2D process, ReverseStart2D start, SpeedAccuracyOptions options,
        IProgressSink? progress = null)
    {
        double tau = process.Tau;
        var grid = new TimeGrid(tau, options.Epsilon, options.TimeIntervals);
        int m = options.Particles, k = grid.T.Length;
        double d0 = start.PearsonChiSquare((x, y) => process.Pdf(tau, x, y));
        if (!double.IsFinite(d0) || d0 <= 0)
            throw new InputException($"perturbation {start.Name}: Pearson χ² against P_τ is {d0} (needs a finite positive value)");

        // Both starts are built from the same standard normals (common random numbers): each law is exact, and the
        // sampling noise of W₁ between the two clouds — which would otherwise swamp ΔW₁ — largely cancels.
        var (exact, normals) = process.SampleMarginal(tau, m, options.Seed + 101);
        var perturbed = start.FromNormals(normals, options.Seed + 202);
        if (options.Sampler.Kind != SamplerKind.Exact)
        {
            // Discretised sampler: K solver steps on [ε, τ − ε], W₁ by exact assignment at each solver time (SolverGridSummary).
            var times = options.Sampler.Times(grid.T[0], grid.T[^1], process.NoiseLevel);
            var ys = options.Sampler.Run(exact, times, process.Velocities);
            var yt = options.Sampler.Run(perturbed, times, process.Velocities);
            var w1s = new double[times.Length];
            for (int j = 0; j < times.Length; j++)
            {
                w1s[j] = ExactAssignment.Wasserstein1(ys[j], yt[j]).W1;
                progress?.Report(0.2 + 0.8 * (j + 1) / times.Length, $"{process.Name} × {start.Name}: W1 at t = {times[j]:F4}");
            }
            var forward = new SolverGridSummary.ForwardQuantities(process.MeanSquaredVelocity, process.Temperature, process.ForceRate, process.Conservative);
            return SolverGridSummary.Summarise(process.Name, start.Name, options.Sampler, forward, grid, times, w1s, d0,
                ExactAssignment.Wasserstein1(exact, perturbed).W1, double.NaN);
        }

        var (xs, vs) = process.FlowBack(exact, grid.T, Substeps);
        progress?.Report(0.4, $"{process.Name} × {start.Name}: exact reverse run done");
        var (xt, vt) = process.FlowBack(perturbed, grid.T, Substeps);
        progress?.Report(0.7, $"{process.Name} × {start.Name}: perturbed reverse run done");

        var series = SpeedAccuracy1D.NewSeries(k);
        for (int j = 0; j < k; j++)
        {
            var (w1, match) = ExactAssignment.Wasserstein1(xs[j], xt[j]);
            double dw1 = 0;
            for (int i = 0; i < m; i++)
            {
                int q = match[i];
                double dx = xs[j][2 * i] - xt[j][2 * q], dy = xs[j][2 * i + 1] - xt[j][2 * q + 1], r = Math.Sqrt(dx * dx + dy * dy);
                if (r > 0) dw1 += (dx * (vs[j][2 * i] - vt[j][2 * q]) + dy * (vs[j][2 * i + 1] - vt[j][2 * q + 1])) / r;
            }
            double t = grid.T[j], msv = process.MeanSquaredVelocity(t), temp = process.Temperature(t);
            series.T[j] = t;
            series.ForceRate[j] = process.ForceRate(t);
            series.Temperature[j] = temp;
            series.RmsVelocity[j] = Math.Sqrt(msv);
            series.EntropyRate[j] = msv / temp;                                         // Ṡ_t = E‖ν‖²/T_t (Eq. 36)
            series.TemperatureTimesEntropyRate[j] = msv;
            series.WassersteinSpeed[j] = process.Conservative ? Math.Sqrt(msv) : double.NaN; // Eq. 67 equality case
            series.W1[j] = w1;
            series.LossSpeed[j] = Math.Abs(dw1 / m) / Math.Sqrt(d0);
            progress?.Report(0.7 + 0.3 * (j + 1) / k, $"{process.Name} × {start.Name}: W1 at t = {t:F4}");
        }
        double w1Start = ExactAssignment.Wasserstein1(exact, perturbed).W1;
        var row = SpeedAccuracy1D.Summarise(process.Name, start.Name, grid, series, series.W1[0], w1Start, d0, process.Conservative);
        return new SpeedAccuracyResult(row, series);
    }
}
