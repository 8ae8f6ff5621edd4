using System.CommandLine;
using System.Diagnostics;
using EntropyScope.Estimators.Cneep;
using EntropyScope.Estimators.Training;
using EntropyScope.IO;
using EntropyScope.Models.BeadSpring;
using EntropyScope.Models.Langevin;
using EntropyScope.Tensors.Kernels;

namespace EntropyScope.Cli.Verbs;

/// <summary>
/// `entropyscope demo`: the main job end to end — simulate bead-spring N = 2 at T_c/T_h = 0.1, train CNEEP, estimate
/// the EP rate and the dissipation map, and compare with the exact σ = 2.025. Sized for under 10 minutes on 2 cores.
/// </summary>
public static class DemoVerb
{
    public static Command Create()
    {
        var cmd = new Command("demo", "Simulate a bead-spring movie (N = 2, T_c/T_h = 0.1), train CNEEP on it, estimate σ̂_θ and the dissipation map, compare with the exact value.");
        var output = new Option<string>("--out") { Description = "Folder for the demo's data, run, estimate and map.png", DefaultValueFactory = _ => "entropyscope-demo" };
        var minutes = new Option<double>("--minutes") { Description = "Training budget in minutes", DefaultValueFactory = _ => 6.0 };
        var movies = new Option<int>("--movies") { Description = "Movies to simulate (4:1 training/validation)", DefaultValueFactory = _ => 25 };
        var frames = new Option<int>("--frames") { Description = "Frames per movie", DefaultValueFactory = _ => 4000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the simulation and the training", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads") { Description = "Worker threads", DefaultValueFactory = _ => Environment.ProcessorCount };
        var json = new Option<bool>("--json") { Description = "Print the estimate summary as JSON on stdout" };
        foreach (Option o in new Option[] { output, minutes, movies, frames, seed, threads, json }) cmd.Options.Add(o);
        cmd.SetAction(p =>
        {
            double budget = p.GetValue(minutes);
            int m = p.GetValue(movies), l = p.GetValue(frames), s = p.GetValue(seed), t = p.GetValue(threads);
            if (!(budget > 0)) throw new InputException($"--minutes must be positive (got {budget})");
            if (t < 1) throw new InputException($"--threads must be at least 1 (got {t})");
            EngineThreads.Count = t;
            string outDir = Path.GetFullPath(p.GetValue(output)!);
            Console.Error.WriteLine($"""
                EntropyScope demo — what it does and how long it takes:
                  1. simulate a bead-spring chain, N = 2 beads, T_c = 1, T_h = 10 (T_c/T_h = 0.1), dt = 0.01:
                     {m} movies × {l} frames of 20×40 pixels, with the exact entropy production (σ = 2.025) — seconds;
                  2. train one CNEEP estimator (Table I network, C = 32) on {m - m / 5} movies, validating on {m / 5} — {budget:0.#} minutes;
                  3. estimate ΔS_θ for every transition, σ̂_θ, R² against the true ΔS, and the dissipation map — about a minute;
                  4. write everything to {outDir} (data/, run/, estimate/, map.png).
                Expected total: about {budget + 1.5:0} minutes on 2 cores.
                """);
            var clock = Stopwatch.StartNew();
            CneepEstimation? est = null;
            string buildDir = outDir;
            AtomicOutput.WriteDirectory(outDir, dir =>
            {
                buildDir = dir;
                string data = Path.Combine(dir, "data"), run = Path.Combine(dir, "run");
                BeadSpringDataset.Write(data, new BeadSpringOptions
                {
                    Beads = 2, Tc = 1, Th = 10,
                    Simulation = new SimulationOptions { Movies = m, Frames = l, Dt = 0.01, Seed = (ulong)s, Threads = t },
                }, new ConsoleProgress("simulate"));
                var defaults = CneepTrainRequest.DefaultTraining;
                CneepTraining.Train(new CneepTrainRequest
                {
                    Movies = data, Dt = 0.01,
                    Training = defaults with { Dt = 0.01, Seed = s, MaxMinutes = budget, Iterations = 100_000 },
                }, run, resume: false, new ConsoleProgress("train"));
                est = CneepEstimation.Run(run, data, new ConsoleProgress("estimate"));
                est.Write(Path.Combine(dir, "estimate"));
                MapVerb.WritePng(est, data, Path.Combine(dir, "map.png"));
            });
            RecordedPaths.Repoint(outDir, buildDir);
            var sum = est!.Summary;
            Console.Error.WriteLine($"done in {clock.Elapsed.TotalMinutes:F1} minutes");
            EstimateVerb.Print(sum);
            Console.Error.WriteLine($"map: {Path.Combine(outDir, "map.png")}   (red: dissipation between the beads, where heat flows from the hot to the cold bead)");
            if (p.GetValue(json)) Console.WriteLine(RecordedPaths.Repoint(est.SummaryJson(), outDir, buildDir));
            return 0;
        });
        return cmd;
    }
}
