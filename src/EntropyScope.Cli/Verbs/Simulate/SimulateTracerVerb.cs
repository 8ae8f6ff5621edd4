using System.CommandLine;
using EntropyScope.IO;
using EntropyScope.Models.Tracer;

namespace EntropyScope.Cli.Verbs.Simulate;

/// <summary>`entropyscope simulate tracer`: trapped tracer, passive / AOUP / RBP (models.md §7) → trajectories.npy + truth.json.</summary>
public static class SimulateTracerVerb
{
    public static Command Create()
    {
        var cmd = new Command("tracer", "Simulate an overdamped tracer in a harmonic trap: passive, AOUP or RBP active noise.");
        var model = new Option<string>("--model") { Description = "passive | aoup | rbp", DefaultValueFactory = _ => "aoup" };
        var count = new Option<int>("--trajectories") { Description = "Number of trajectories M", DefaultValueFactory = _ => 100 };
        var length = new Option<int>("--length") { Description = "Recorded steps per trajectory L", DefaultValueFactory = _ => 1000 };
        var dt = new Option<double>("--dt") { Description = "Frame interval", DefaultValueFactory = _ => 0.05 };
        var kappa = new Option<double?>("--kappa") { Description = "Trap stiffness κ = k/γ (default: drawn from the prior, whose κ range is [1, 1])" };
        var d = new Option<double?>("--d") { Description = "Thermal diffusion coefficient D (default: drawn log-uniformly from the prior)" };
        var da = new Option<double?>("--da") { Description = "Active diffusion coefficient D_a (AOUP; RBP via v₀ = √(2D_a/τ)) (default: prior)" };
        var tau = new Option<double?>("--tau") { Description = "Active persistence time τ (RBP: 1/D_r) (default: prior)" };
        var dims = new Option<int>("--dimensions") { Description = "Observed dimensions: 1 (x) or 2 (x, y)", DefaultValueFactory = _ => 1 };
        var loc = new Option<double>("--localisation-noise") { Description = "Std of Gaussian localisation noise added to positions", DefaultValueFactory = _ => 0.0 };
        var sub = new Option<int>("--rbp-substeps") { Description = "Euler–Maruyama sub-steps per frame for RBP", DefaultValueFactory = _ => 10 };
        var seed = new Option<long>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 1 };
        var outDir = new Option<string>("--out") { Description = "Output folder", Required = true };
        foreach (var o in new Option[] { model, count, length, dt, kappa, d, da, tau, dims, loc, sub, seed, outDir }) cmd.Options.Add(o);
        cmd.SetAction(r =>
        {
            var m = TracerModelNames.Parse(r.GetValue(model)!);
            var obs = new TracerObservation { Dt = r.GetValue(dt), Dimensions = r.GetValue(dims), LocalisationNoise = r.GetValue(loc), RbpSubsteps = r.GetValue(sub) };
            obs.Validate();
            var prior = TracerPrior.Default;
            var fixedValues = new Dictionary<string, double>();
            void Fix(string name, double? v) { if (v is { } x) fixedValues[name] = x; }
            Fix("kappa", r.GetValue(kappa)); Fix("d", r.GetValue(d)); Fix("d_a", r.GetValue(da)); Fix("tau", r.GetValue(tau));
            TracerParameters Draw(Random rng)
            {
                var p = prior.Sample(m, rng);
                return p with
                {
                    Kappa = fixedValues.GetValueOrDefault("kappa", p.Kappa),
                    D = fixedValues.GetValueOrDefault("d", p.D),
                    Da = m == TracerModel.Passive ? 0 : fixedValues.GetValueOrDefault("d_a", p.Da),
                    Tau = fixedValues.GetValueOrDefault("tau", p.Tau),
                };
            }
            int mCount = r.GetValue(count), len = r.GetValue(length);
            long s = r.GetValue(seed);
            var (positions, parameters) = TracerEnsemble.Simulate(mCount, len, obs, Draw, s);
            string dir = r.GetValue(outDir)!;
            AtomicOutput.WriteDirectory(dir, tmp =>
            {
                Npy.Write<double>(Path.Combine(tmp, "trajectories.npy"), positions, mCount, len, obs.Dimensions);
                AtomicOutput.WriteAllText(Path.Combine(tmp, "truth.json"), TracerTruth.ToJson(m, s, len, obs, prior, fixedValues, parameters));
            });
            Console.Error.WriteLine($"wrote {mCount} {m.Name()} trajectories × {len} steps (dt {obs.Dt}) to {dir}");
            return 0;
        });
        return cmd;
    }
}
