using System.CommandLine;
using System.Globalization;
using EntropyScope.Estimators.MaxEnt;
using EntropyScope.IO;

namespace EntropyScope.Cli.Verbs;

/// <summary>`entropyscope maxent-sweep`: the kinetic-Ising β sweep of bench/maxent (MaxEnt paper Fig. 1a).</summary>
public static class MaxEntSweepVerb
{
    public static Command Create()
    {
        var spins = new Option<string>("--spins") { Description = "Spin counts, comma-separated (e.g. 1000 or 100,300,1000)", DefaultValueFactory = _ => "1000" };
        var betas = new Option<string>("--betas") { Description = "β values, comma-separated, or start:stop:count", DefaultValueFactory = _ => "0:4:9" };
        var k = new Option<int>("--k") { Description = "Mean in-degree of the sparse couplings", DefaultValueFactory = _ => 6 };
        var samples = new Option<int>("--samples-per-spin") { Description = "Recorded states per β", DefaultValueFactory = _ => 10_000 };
        var seed = new Option<int>("--seed") { Description = "Seed (couplings, dynamics, splits)", DefaultValueFactory = _ => 1 };
        var maxCg = new Option<int>("--max-cg") { Description = "CG iteration cap for the TUR bound and Newton estimate", DefaultValueFactory = _ => 300 };
        var threads = new Option<int>("--threads") { Description = "Worker threads (0: all cores)", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--out") { Description = "Output folder (sweep.csv, table.md, sweep.svg)", Required = true };
        var cmd = new Command("maxent-sweep", "Benchmark: kinetic Ising β sweep with MaxEnt, TUR and Newton estimates against the true EP.");
        foreach (Option o in new Option[] { spins, betas, k, samples, seed, maxCg, threads, output }) cmd.Options.Add(o);
        cmd.SetAction(r =>
        {
            var n = r.GetValue(spins)!.Split(',', StringSplitOptions.TrimEntries).Select(t => int.TryParse(t, out int v) && v >= 2 ? v : throw new InputException($"--spins: '{t}' is not an integer ≥ 2")).ToList();
            var b = ParseBetas(r.GetValue(betas)!);
            var opts = new MaxEntOptions { Seed = r.GetValue(seed), Solver = new MaxEntSolverOptions { MaxCgIterations = Math.Max(1, r.GetValue(maxCg)) } };
            var log = new ConsoleProgress("maxent-sweep");
            var rows = IsingSweep.Run(n, b, r.GetValue(k), r.GetValue(samples), r.GetValue(seed), opts, r.GetValue(threads), log);
            string command = "entropyscope maxent-sweep " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1).SkipWhile(a => a != "maxent-sweep").Skip(1));
            AtomicOutput.WriteDirectory(r.GetValue(output)!, dir => IsingSweep.Write(dir, rows, command));
            Console.WriteLine(File.ReadAllText(Path.Combine(r.GetValue(output)!, "table.md")));
            return 0;
        });
        return cmd;
    }

    private static List<double> ParseBetas(string text)
    {
        var ci = CultureInfo.InvariantCulture;
        double Num(string t) => double.TryParse(t, NumberStyles.Float, ci, out double v) && v >= 0 ? v : throw new InputException($"--betas: '{t}' is not a non-negative number");
        var p = text.Split(':', StringSplitOptions.TrimEntries);
        if (p.Length == 3)
        {
            double a = Num(p[0]), z = Num(p[1]);
            int c = int.TryParse(p[2], out int cc) && cc >= 2 ? cc : throw new InputException($"--betas: count '{p[2]}' must be an integer ≥ 2");
            return Enumerable.Range(0, c).Select(i => a + (z - a) * i / (c - 1)).ToList();
        }
        return text.Split(',', StringSplitOptions.TrimEntries).Select(Num).ToList();
    }
}
