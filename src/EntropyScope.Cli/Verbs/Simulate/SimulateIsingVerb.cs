using System.CommandLine;
using System.Diagnostics;
using EntropyScope.IO;
using EntropyScope.Models.Ising;

namespace EntropyScope.Cli.Verbs.Simulate;

/// <summary>`entropyscope simulate ising`: kinetic Ising model with asymmetric couplings (models.md §6).</summary>
public static class SimulateIsingVerb
{
    public static Command Create()
    {
        var spins = new Option<int>("--spins") { Description = "Number of spins N", Required = true };
        var beta = new Option<double>("--beta") { Description = "Inverse temperature β", Required = true };
        var k = new Option<int>("--k") { Description = "Mean number of in-neighbours per spin (sparse couplings)", DefaultValueFactory = _ => 6 };
        var dense = new Option<bool>("--dense") { Description = "Dense couplings normalised by √N (ignores --k)" };
        var j0 = new Option<double>("--j0") { Description = "Mean coupling J0 (enters as J0/N)", DefaultValueFactory = _ => 0.0 };
        var dj = new Option<double>("--dj") { Description = "Coupling spread DJ", DefaultValueFactory = _ => 1.0 };
        var samples = new Option<int>("--samples-per-spin") { Description = "Recorded states (each with one flip attempt per spin)", DefaultValueFactory = _ => 10_000 };
        var restarts = new Option<int>("--restarts") { Description = "Independent restarts", DefaultValueFactory = _ => 1000 };
        var parallel = new Option<bool>("--parallel") { Description = "Synchronous (parallel) updates instead of sequential Glauber attempts" };
        var seed = new Option<int>("--seed") { Description = "Random seed (couplings and dynamics)", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "Print truth.json on stdout" };
        var output = new Option<string>("--out") { Description = "Output folder", Required = true };
        var cmd = new Command("ising", "Kinetic Ising model with asymmetric sparse couplings, Glauber dynamics: states, flip flags, couplings and exact EP.");
        foreach (Option o in new Option[] { spins, beta, k, dense, j0, dj, samples, restarts, parallel, seed, json, output }) cmd.Options.Add(o);
        cmd.SetAction(r =>
        {
            var clock = Stopwatch.StartNew();
            int n = r.GetValue(spins);
            bool isDense = r.GetValue(dense);
            int? kk = isDense ? null : r.GetValue(k);
            var settings = new IsingSimulationSettings(n, r.GetValue(beta), kk, r.GetValue(j0), r.GetValue(dj), r.GetValue(samples), r.GetValue(restarts), r.GetValue(parallel), r.GetValue(seed));
            if (settings.Restarts < 1) throw new InputException($"--restarts must be positive (got {settings.Restarts})");
            var couplings = IsingCouplings.Random(n, kk, settings.J0, settings.DJ, settings.Seed);
            var s = IsingSampler.Run(couplings, new IsingSamplerOptions
            {
                Beta = settings.Beta, SamplesPerSpin = settings.SamplesPerSpin, Restarts = settings.Restarts, Parallel = settings.Parallel, Seed = settings.Seed,
            }, new ConsoleProgress("simulate ising"));
            double? exact = n <= 10 ? IsingEnumeration.Of(couplings, settings.Beta, settings.Parallel).EntropyRate : null;
            System.Text.Json.Nodes.JsonObject? truth = null;
            AtomicOutput.WriteDirectory(r.GetValue(output)!, dir => truth = IsingSimulationFolder.Write(dir, couplings, s, settings, exact, clock.Elapsed.TotalSeconds));
            if (r.GetValue(json)) Console.WriteLine(truth!.ToJsonString());
            else Console.Error.WriteLine($"entropy rate {truth!["entropy_rate"]} nats per {(settings.Parallel ? "step" : "attempt")} ({truth["entropy_rate_per_sweep"]} per sweep); wrote {r.GetValue(output)}");
            return 0;
        });
        return cmd;
    }
}
