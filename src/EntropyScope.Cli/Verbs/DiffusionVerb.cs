using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EntropyScope.Estimators.SpeedAccuracy;
using EntropyScope.IO;
using EntropyScope.Models.Diffusion;

namespace EntropyScope.Cli.Verbs;

/// <summary>`entropyscope diffusion`: speed–accuracy relations of diffusion-model forward processes (docs/diffusion.md).</summary>
public static class DiffusionVerb
{
    public static Command Create()
    {
        var cmd = new Command("diffusion",
            "Entropy production of diffusion-model forward processes and the generation-error bound η ≤ c1 ≤ c2 (or ≤ w_D) per schedule × perturbation.");
        var data = new Option<string>("--data") { Description = "gaussian | mixture | swissroll", Required = true };
        var schedule = new Option<string?>("--schedule")
        {
            Description = "comma-separated: cosine, cond-ot, ot, rotating (swissroll: one per --g), rotating-gX, or a CSV file with columns t,m,sigma. " +
                          "Default: cosine,cond-ot,ot (1D), rotating,ot (swissroll)",
        };
        var perturbation = new Option<string?>("--perturbation")
        {
            Description = "mean | variance | mixture | uniform | all (comma-separated allowed). Default: all (1D), variance (swissroll: the N(0, 0.9²I) start)",
        };
        var tau = new Option<double>("--tau") { Description = "duration τ of the forward process", DefaultValueFactory = _ => 1.0 };
        var seed = new Option<int>("--seed") { Description = "seed of every random draw (2D samples, Swiss roll, Monte Carlo)", DefaultValueFactory = _ => 1 };
        var outDir = new Option<string>("--out") { Description = "output folder (replaced atomically)", Required = true };
        var json = new Option<bool>("--json") { Description = "print the summary JSON on stdout" };
        var g = new Option<string>("--g") { Description = "rotation strengths of the Swiss-roll force", DefaultValueFactory = _ => "0,3,5" };
        var particles = new Option<int?>("--particles") { Description = "particles per reverse run (default 4000 in 1D, 1000 in 2D)" };
        var intervals = new Option<int?>("--intervals") { Description = "time-grid intervals on [ε, τ−ε] (default 400 in 1D, 20 in 2D with 8 RK4 substeps each)" };
        var epsilon = new Option<double>("--epsilon") { Description = "the grid is [ε, τ−ε]", DefaultValueFactory = _ => 1e-8 };
        var epsilons = new Option<string?>("--epsilons") { Description = "larger ε values for the ε → 0 check (default 1e-2,1e-4,1e-6 in 1D, none in 2D; \"none\" to skip)" };
        var points = new Option<int>("--points") { Description = "Swiss-roll data points N_D", DefaultValueFactory = _ => 1000 };
        var sampler = new Option<string>("--sampler")
        {
            Description = "reverse sampler(s), comma-separated: exact (accurate RK4 flow), euler, heun (K uniform steps in t from --steps)",
            DefaultValueFactory = _ => "exact",
        };
        var steps = new Option<string>("--steps")
        {
            Description = "solver steps K for euler/heun, comma-separated (each sampler is run with each K)", DefaultValueFactory = _ => "20",
        };
        var spacing = new Option<string>("--spacing")
        {
            Description = "step spacing of euler/heun, comma-separated: uniform (in t) | edm (Karras noise levels σ/m from 80 to 0.002, ρ = 7)",
            DefaultValueFactory = _ => "uniform",
        };
        foreach (var o in new Option[] { data, schedule, perturbation, tau, seed, outDir, json, g, particles, intervals, epsilon, epsilons, points, sampler, steps, spacing })
            cmd.Options.Add(o);

        cmd.SetAction(parse =>
        {
            string dataName = parse.GetValue(data)!;
            bool twoD = dataName == "swissroll";
            string pert = parse.GetValue(perturbation) ?? (twoD ? "variance" : "all");
            var spec = new DiffusionExperimentSpec
            {
                Data = dataName,
                Schedules = parse.GetValue(schedule) is { } s ? Split(s) : DiffusionExperimentSpec.DefaultSchedules(dataName),
                Perturbations = pert == "all" ? ReverseStart1D.Names : Split(pert),
                Tau = parse.GetValue(tau),
                Seed = parse.GetValue(seed),
                G = Numbers("--g", parse.GetValue(g)!),
                DataPoints = parse.GetValue(points),
                Samplers = Samplers(parse.GetValue(sampler)!, parse.GetValue(steps)!, parse.GetValue(spacing)!),
                Options = new SpeedAccuracyOptions
                {
                    Epsilon = parse.GetValue(epsilon),
                    Particles = parse.GetValue(particles) ?? (twoD ? 1000 : 4000),
                    TimeIntervals = parse.GetValue(intervals) ?? (twoD ? 20 : 400),
                    Seed = parse.GetValue(seed),
                },
                ConvergenceEpsilons = parse.GetValue(epsilons) is { } e
                    ? (e == "none" ? [] : Numbers("--epsilons", e))
                    : (twoD ? [] : [1e-2, 1e-4, 1e-6]),
            };
            DiffusionExperiment.Validate(spec);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var result = DiffusionExperiment.Run(spec, new ConsoleProgress("diffusion"));
            double wall = clock.Elapsed.TotalSeconds;
            AtomicOutput.WriteDirectory(parse.GetValue(outDir)!, dir => SpeedAccuracyFiles.Write(dir, result, wall));
            if (parse.GetValue(json))
                Console.WriteLine(SpeedAccuracyFiles.SummaryJson(result, wall).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            else
            {
                PrintTable(result);
                Console.WriteLine(FormattableString.Invariant($"wall time {wall:F1} s"));
            }
            return 0;
        });
        return cmd;
    }

    private static string[] Split(string s) => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static double[] Numbers(string option, string s) => Split(s).Select(x =>
        double.TryParse(x, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
            ? v : throw new InputException($"{option}: \"{x}\" is not a number")).ToArray();

    /// <summary>Every named sampler with every spacing and K (exact once, whatever K).</summary>
    private static ReverseSampler[] Samplers(string names, string steps, string spacings)
    {
        var ks = Split(steps).Select(x => int.TryParse(x, NumberStyles.Integer, CultureInfo.InvariantCulture, out int k)
            ? k : throw new InputException($"--steps: \"{x}\" is not an integer")).ToArray();
        if (ks.Length == 0) throw new InputException("--steps: no step count given");
        var sp = Split(spacings);
        if (sp.Length == 0) throw new InputException("--spacing: no spacing given");
        return Split(names).SelectMany(n => n == "exact"
            ? [ReverseSampler.Exact]
            : sp.SelectMany(s => ks.Select(k => ReverseSampler.Parse(n, k, s)))).Distinct().ToArray();
    }

    private static void PrintTable(DiffusionExperimentResult result)
    {
        Console.WriteLine(FormattableString.Invariant(
            $"{"schedule",-14} {"perturb.",-9} {"sampler",-13} {"eta",11} {"c1",11} {"c2",11} {"w_D",11} {"c1-eta",11} {"c2-c1",11} {"w_D-c1",11}  bound"));
        foreach (var r in result.Results.Select(x => x.Row))
            Console.WriteLine(FormattableString.Invariant(
                $"{r.Schedule,-14} {r.Perturbation,-9} {r.Sampler,-13} {r.Eta,11:G5} {r.C1,11:G5} {r.C2,11:G5} {r.WD,11:G5} {r.SlackEtaC1,11:G4} {r.SlackC1C2,11:G4} {r.SlackC1WD,11:G4}  {(r.BoundHolds() ? "holds" : "VIOLATED")}"));
        foreach (var c in result.ClosedForm)
            Console.WriteLine(FormattableString.Invariant($"closed form {c.Schedule,-8} eta {c.Eta:G7}  c1 {c.C1:G7}  c2 {c.C2:G7}"));
        if (result.Convergence.Count > 0)
        {
            Console.WriteLine("epsilon -> 0 check (eta, c1, c2, w_D):");
            foreach (var c in result.Convergence)
                Console.WriteLine(FormattableString.Invariant($"  {c.Schedule,-14} {c.Perturbation,-9} eps {c.Epsilon,-7:G2} {c.Eta,11:G7} {c.C1,11:G7} {c.C2,11:G7} {c.WD,11:G7}"));
        }
    }
}
