using EntropyScope.Models.Tracer;

namespace EntropyScope.Estimators.ActiveNoise;

/// <summary>Everything `classify` reports for one trajectory.</summary>
public sealed record TracerVerdict
{
    public required int Index { get; init; }
    public required int Length { get; init; }
    /// <summary>LSTM P(active | x) (passive vs AOUP network).</summary>
    public double? PActive { get; init; }
    /// <summary>Bayes-optimal P(active | x) from the Kalman marginal likelihoods under the model's prior.</summary>
    public double? PActiveExact { get; init; }
    /// <summary>LSTM P(RBP | active, x) (AOUP vs RBP network).</summary>
    public double? PRbp { get; init; }
    public double? D { get; init; }
    public (double Lo, double Hi)? DInterval { get; init; }
    public double? Da { get; init; }
    public (double Lo, double Hi)? DaInterval { get; init; }
    public required AutocorrelationFitResult Fit { get; init; }
    public required List<string> Warnings { get; init; }
}

/// <summary>
/// Runs a trained tracer model bundle, the exact posterior and the autocorrelation fit on 1D trajectories
/// (issue 7 `classify`). Regressor intervals are ±1 validation residual sd of ln D (ln D_a) at the nearest
/// validation length (≈68%); fit intervals are parametric-bootstrap 16–84% bands.
/// </summary>
public static class TracerClassification
{
    public const int MinimumLength = 20;

    public static List<TracerVerdict> Run(TracerModelBundle model, IReadOnlyList<double[]> trajectories, double dt, AutocorrelationFitOptions fitOptions,
                                          bool exactPosterior, long seed, IProgressSink progress)
    {
        if (!(dt > 0) || double.IsInfinity(dt)) throw new InputException($"--dt: must be a positive finite number, got {dt}");
        var cfg = model.Config;
        var prior = cfg.Prior;
        var verdicts = new TracerVerdict[trajectories.Count];
        bool dtMatches = Math.Abs(dt - cfg.Dt) <= 1e-9 * cfg.Dt;
        // networks: batch trajectories of equal length, each group encoded once for every task; one inference tape
        var outputs = model.Networks.Keys.ToDictionary(t => t, _ => new double[trajectories.Count]);
        var inference = new Tensors.Tape { IsRecording = false };
        foreach (var group in Enumerable.Range(0, trajectories.Count).GroupBy(i => trajectories[i].Length))
        {
            int len = group.Key; var idx = group.ToArray();
            var f = TracerInputs.Allocate(idx.Length, len);
            for (int k = 0; k < idx.Length; k++) cfg.Features.Write(trajectories[idx[k]], f.StepsOf(k), f.SummaryOf(k));
            foreach (var (task, net) in model.Networks)
            {
                var y = TracerTrainer.Predict(net, f, inference);
                for (int k = 0; k < idx.Length; k++) outputs[task][idx[k]] = y[k];
            }
        }
        var exact = new ExactActiveClassifier(prior, dt);
        int done = 0;
        Parallel.For(0, trajectories.Count, i =>
        {
            var x = trajectories[i];
            var warnings = new List<string>();
            if (!dtMatches) warnings.Add($"dt {dt} differs from the model's training dt {cfg.Dt}: network outputs are not calibrated");
            if (x.Length < cfg.MinLength || x.Length > cfg.MaxLength) warnings.Add($"length {x.Length} outside the training range {cfg.MinLength}..{cfg.MaxLength}");
            double? Sigmoid(TracerTask t) => outputs.TryGetValue(t, out var o) ? ExactActiveClassifier.Logistic(o[i]) : null;
            (double, (double, double))? Regress(TracerTask t)
            {
                if (!outputs.TryGetValue(t, out var o)) return null;
                var (centre, half) = t.TargetScale(prior);
                double ln = centre + half * o[i];
                double sd = cfg.Tasks.TryGetValue(t.Name(), out var s) && s.Residuals is { Count: > 0 } r
                    ? r.MinBy(q => Math.Abs(Math.Log((double)q.Length / x.Length)))!.LogSd : double.NaN;
                return (Math.Exp(ln), (Math.Exp(ln - sd), Math.Exp(ln + sd)));
            }
            var d = Regress(TracerTask.LogD); var da = Regress(TracerTask.LogDa);
            var fit = AutocorrelationFit.FitTrajectory(x, dt, fitOptions, seed + i);
            var p = fit.Best;
            // the fit's τ means nothing when it finds (almost) no active part, so only D is checked then
            bool fitActive = p.Da >= prior.DaMin;
            if (!prior.Contains(p.Kappa, p.D, fitActive ? p.Da : prior.DaMin, fitActive ? p.Tau : prior.TauMin, slack: 0.05) ||
                (d is { } dv && !prior.Contains(prior.KappaMin, dv.Item1, prior.DaMin, prior.TauMin, 0.05)) ||
                (da is { } dav && !prior.Contains(prior.KappaMin, prior.DMin, dav.Item1, prior.TauMin, 0.05)))
                warnings.Add($"estimated parameters (fit κ {p.Kappa:G3}, D {p.D:G3}, D_a {p.Da:G3}, τ {p.Tau:G3}) fall outside the training prior " +
                             $"(κ [{prior.KappaMin}, {prior.KappaMax}], D [{prior.DMin}, {prior.DMax}], D_a [{prior.DaMin}, {prior.DaMax}], τ [{prior.TauMin}, {prior.TauMax}])");
            double? pExact = exactPosterior ? ExactActiveClassifier.Logistic(exact.LogOdds(x, new Random((int)(seed + i)))) : null;
            verdicts[i] = new TracerVerdict
            {
                Index = i, Length = x.Length,
                PActive = Sigmoid(TracerTask.Active), PRbp = Sigmoid(TracerTask.Rbp), PActiveExact = pExact,
                D = d?.Item1, DInterval = d?.Item2, Da = da?.Item1, DaInterval = da?.Item2,
                Fit = fit, Warnings = warnings,
            };
            int n = Interlocked.Increment(ref done);
            progress.Report((double)n / trajectories.Count, $"{n}/{trajectories.Count} trajectories");
        });
        return verdicts.ToList();
    }
}
