using EntropyScope.Models.Diffusion;

namespace EntropyScope.Estimators.SpeedAccuracy;

/// <summary>What `entropyscope diffusion` runs: data × schedules × perturbations, plus the ε → 0 check.</summary>
public sealed record DiffusionExperimentSpec
{
    /// <summary>gaussian (N(2, 0.5²), the closed-form fixture), mixture (½N(−1, 0.3²) + ½N(1, 0.3²)), or swissroll (2D).</summary>
    public required string Data { get; init; }
    /// <summary>cosine, cond-ot, ot, rotating (2D: one per g), rotating-gX, or a CSV file "t,m,sigma".</summary>
    public required IReadOnlyList<string> Schedules { get; init; }
    public required IReadOnlyList<string> Perturbations { get; init; }
    public double Tau { get; init; } = 1;
    public int Seed { get; init; } = 1;
    /// <summary>Rotation strengths g of the Swiss-roll force (SpeedAcc Eq. 99).</summary>
    public IReadOnlyList<double> G { get; init; } = [0, 3, 5];
    /// <summary>Swiss-roll data points N_D.</summary>
    public int DataPoints { get; init; } = 1000;
    public SpeedAccuracyOptions Options { get; init; } = new();
    /// <summary>Reverse samplers run for every schedule × perturbation (default: the exact flow only).</summary>
    public IReadOnlyList<ReverseSampler> Samplers { get; init; } = [ReverseSampler.Exact];
    /// <summary>Larger ε values at which every case is rerun to show the ε → 0 convergence of the time integrals.</summary>
    public IReadOnlyList<double> ConvergenceEpsilons { get; init; } = [];

    public bool IsTwoDimensional => Data == "swissroll";

    /// <summary>Default schedules: cosine, cond-ot, ot in 1D; rotating (g ∈ G) and ot for the Swiss roll.</summary>
    public static IReadOnlyList<string> DefaultSchedules(string data) => data == "swissroll" ? ["rotating", "ot"] : ["cosine", "cond-ot", "ot"];
}

public sealed record ConvergenceRow(string Schedule, string Perturbation, double Epsilon, double Eta, double C1, double C2, double WD);

public sealed record DiffusionExperimentResult(
    DiffusionExperimentSpec Spec,
    IReadOnlyList<SpeedAccuracyResult> Results,
    IReadOnlyList<ConvergenceRow> Convergence,
    IReadOnlyList<SpeedAccuracyRow> ClosedForm);

public static class DiffusionExperiment
{
    public static readonly string[] DataNames = ["gaussian", "mixture", "swissroll"];

    /// <summary>The single-Gaussian fixture data N(μ = 2, s = 0.5) of reference-numbers.md §1.6.</summary>
    public static GaussianMixture1D GaussianData => GaussianMixture1D.Single(2, 0.5);

    public static DiffusionExperimentResult Run(DiffusionExperimentSpec spec, IProgressSink? progress = null)
    {
        progress ??= ProgressSink.None;
        Validate(spec);
        var results = new List<SpeedAccuracyResult>();
        var convergence = new List<ConvergenceRow>();
        var closed = new List<SpeedAccuracyRow>();
        var schedules = ExpandSchedules(spec);
        int total = schedules.Count * spec.Perturbations.Count * spec.Samplers.Count, done = 0;
        foreach (string schedule in schedules)
        {
            foreach (string perturbation in spec.Perturbations)
            foreach (var sampler in spec.Samplers)
            {
                progress.Report((double)done / total, $"{schedule} × {perturbation} × {sampler.Label}");
                var options = spec.Options with { Sampler = sampler };
                var result = RunOne(spec, schedule, perturbation, options, new ScaledProgress(progress, (double)done / total, (done + 1.0) / total));
                results.Add(result);
                var r = result.Row;
                progress.Log(FormattableString.Invariant(
                    $"{schedule,-14} {perturbation,-9} {sampler.Label,-13} eta {r.Eta:G6}  c1 {r.C1:G6}  c2 {r.C2:G6}  w_D {r.WD:G6}  bound {(r.BoundHolds() ? "holds" : "VIOLATED")}"));
                if (sampler.Kind == SamplerKind.Exact)
                    foreach (double eps in spec.ConvergenceEpsilons)
                    {
                        var c = RunOne(spec, schedule, perturbation, options with { Epsilon = eps }).Row;
                        convergence.Add(new ConvergenceRow(schedule, perturbation, eps, c.Eta, c.C1, c.C2, c.WD));
                    }
                done++;
            }
            if (spec.Data == "gaussian" && ClosedFormRow(spec, schedule) is { } cf) closed.Add(cf);
        }
        progress.Report(1, "done");
        return new DiffusionExperimentResult(spec, results, convergence, closed);
    }

    public static void Validate(DiffusionExperimentSpec spec)
    {
        if (!DataNames.Contains(spec.Data)) throw new InputException($"--data: unknown data \"{spec.Data}\" (expected gaussian, mixture or swissroll)");
        if (!(spec.Tau > 0) || !double.IsFinite(spec.Tau)) throw new InputException($"--tau must be > 0 (got {spec.Tau})");
        if (spec.Schedules.Count == 0) throw new InputException("--schedule: no schedule given");
        if (spec.Perturbations.Count == 0) throw new InputException("--perturbation: no perturbation given");
        if (spec.Samplers.Count == 0) throw new InputException("--sampler: no sampler given");
        foreach (var s in spec.Samplers)
            if (s.Kind != SamplerKind.Exact && s.Steps <= 0) throw new InputException($"--steps must be ≥ 1 (got {s.Steps})");
        foreach (string p in spec.Perturbations) ReverseStart1D.Named(p); // throws on an unknown name
        if (spec.Options.Particles < 2) throw new InputException($"--particles must be ≥ 2 (got {spec.Options.Particles})");
        if (spec.Options.TimeIntervals < 4) throw new InputException($"--intervals must be ≥ 4 (got {spec.Options.TimeIntervals})");
        if (!(spec.Options.Epsilon >= 0) || 2 * spec.Options.Epsilon >= spec.Tau) throw new InputException($"--epsilon must be in [0, τ/2) (got {spec.Options.Epsilon})");
        foreach (double e in spec.ConvergenceEpsilons)
            if (!(e > 0) || 2 * e >= spec.Tau) throw new InputException($"--epsilons: {e} is not in (0, τ/2)");
        if (spec.IsTwoDimensional && spec.DataPoints < 2) throw new InputException($"--points must be ≥ 2 (got {spec.DataPoints})");
        foreach (double g in spec.G) if (!double.IsFinite(g)) throw new InputException("--g: rotation strengths must be finite numbers");
        foreach (string s in ExpandSchedules(spec)) _ = s; // expansion validates names and files
    }

    /// <summary>Replaces "rotating" by one "rotating-gX" per g; checks every name or file.</summary>
    public static IReadOnlyList<string> ExpandSchedules(DiffusionExperimentSpec spec)
    {
        var list = new List<string>();
        foreach (string s in spec.Schedules)
        {
            if (s == "rotating")
            {
                if (!spec.IsTwoDimensional) throw new InputException("--schedule rotating needs --data swissroll (the rotating force is 2D)");
                list.AddRange(spec.G.Select(g => FormattableString.Invariant($"rotating-g{g:0.###}")));
            }
            else if (s.StartsWith("rotating-g", StringComparison.Ordinal))
            {
                if (!spec.IsTwoDimensional) throw new InputException($"--schedule {s} needs --data swissroll (the rotating force is 2D)");
                ParseG(s);
                list.Add(s);
            }
            else if (s is "cosine" or "cond-ot" or "ot") list.Add(s);
            else if (File.Exists(s)) { TableSchedule.Load(s); list.Add(s); }
            else throw new InputException($"--schedule: \"{s}\" is neither cosine, cond-ot, ot, rotating nor an existing CSV file");
        }
        return list;
    }

    private static double ParseG(string s) =>
        double.TryParse(s["rotating-g".Length..], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double g)
            ? g : throw new InputException($"--schedule: cannot read g from \"{s}\"");

    private static NoiseSchedule Schedule(string name, double tau) => name switch
    {
        "cosine" => new CosineSchedule(tau),
        "cond-ot" => new ConditionalOtSchedule(tau),
        _ => TableSchedule.Load(name),
    };

    public static SpeedAccuracyResult RunOne(DiffusionExperimentSpec spec, string schedule, string perturbation, SpeedAccuracyOptions options,
        IProgressSink? progress = null)
    {
        if (!spec.IsTwoDimensional)
        {
            var data = spec.Data == "gaussian" ? GaussianData : GaussianMixture1D.TwoGaussians();
            ForwardProcess1D process = schedule == "ot" ? new OtProcess1D(data, spec.Tau) : new MSigmaProcess1D(Schedule(schedule, spec.Tau), data);
            return SpeedAccuracy1D.Analyse(process, ReverseStart1D.Named(perturbation), options, progress);
        }
        var roll = SwissRoll.Sample(spec.DataPoints, spec.Seed);
        ForwardProcess2D p2 = schedule switch
        {
            "ot" => new OtProcess2D(roll, spec.Seed + 7, spec.Tau),
            _ when schedule.StartsWith("rotating-g", StringComparison.Ordinal) => new RotatingForceProcess2D(roll, ParseG(schedule), spec.Seed + 11, tau: spec.Tau),
            _ => new MSigmaProcess2D(Schedule(schedule, spec.Tau), roll, spec.Seed + 11),
        };
        var (mx, my, sd) = p2.EndMoments();
        return SpeedAccuracy2D.Analyse(p2, ReverseStart2D.Named(perturbation, mx, my, sd), options, progress);
    }

    /// <summary>The closed-form row (mean perturbation N(a_τ + 1, b_τ²)) for the single-Gaussian data, where one exists.</summary>
    private static SpeedAccuracyRow? ClosedFormRow(DiffusionExperimentSpec spec, string schedule)
    {
        if (schedule == "ot")
        {
            var ot = new SingleGaussianClosedForm(2, 0.5, spec.Tau);
            return ot.Row("ot", ot.OtMoments, 1);
        }
        var sch = Schedule(schedule, spec.Tau); // a table carries its own τ
        var row = new SingleGaussianClosedForm(2, 0.5, sch.Tau).Row(sch.Name, t => SingleGaussianClosedForm.Moments(sch, 2, 0.5, t), 1);
        // The N(1, 1) "mean" start is N(a_τ + Δ, b_τ²) only when the schedule ends at N(0, 1).
        var end = SingleGaussianClosedForm.Moments(sch, 2, 0.5, sch.Tau);
        return Math.Abs(end.A) < 1e-12 && Math.Abs(end.B - 1) < 1e-12 ? row : null;
    }

    /// <summary>Maps one case's progress [0, 1] into its share [from, to] of the whole run.</summary>
    private sealed class ScaledProgress(IProgressSink outer, double from, double to) : IProgressSink
    {
        public void Report(double fraction, string status) => outer.Report(from + (to - from) * Math.Clamp(fraction, 0, 1), status);
        public void Log(string line) => outer.Log(line);
    }
}
