using System.CommandLine;
using EntropyScope.Estimators.MaxEnt;
using EntropyScope.IO;

namespace EntropyScope.Cli.Verbs;

/// <summary>`entropyscope maxent`: nonequilibrium MaxEnt EP bound from samples of observables (estimators.md §4).</summary>
public static class MaxEntVerb
{
    public static Command Create()
    {
        var input = new Argument<string?>("INPUT") { Description = "Observables NPY (n × m), spike raster NPY (T × N) or spike-time CSV with --spikes; omit with --spin-flips DIR", Arity = ArgumentArity.ZeroOrOne };
        var reverse = new Option<string?>("--reverse") { Description = "Reverse-process samples of the same observables (NPY, n' × m)" };
        var anti = new Option<bool>("--antisymmetric") { Description = "Observables change sign under time reversal: reverse samples are −g of the forward samples" };
        var spikes = new Option<bool>("--spikes") { Description = "INPUT is a binary spike raster (T × N NPY) or spike-time CSV 'unit,time' (needs --bin)" };
        var bin = new Option<double?>("--bin") { Description = "Bin width for a spike-time CSV (same unit as the times)" };
        var spinFlips = new Option<string?>("--spin-flips") { Description = "Folder with states.npy and flips.npy (as written by `simulate ising`): per-unit decomposition" };
        var order = new Option<string?>("--order") { Description = "Hierarchy orders for spikes/spin flips, e.g. 1,2 (1: single-unit terms, 2: adds pairwise)" };
        var nested = new Option<string?>("--nested") { Description = "Hierarchy for plain observables: nested column-prefix sizes, e.g. 2,5,10" };
        var solver = new Option<string>("--solver") { Description = "bb (Barzilai–Borwein ascent) or newton", DefaultValueFactory = _ => "bb" };
        var maxIter = new Option<int>("--max-iterations") { Description = "BB iteration cap", DefaultValueFactory = _ => 1000 };
        var patience = new Option<int>("--patience") { Description = "Early-stopping patience (iterations without a better validation objective)", DefaultValueFactory = _ => 10 };
        var maxCg = new Option<int>("--max-cg") { Description = "Cap on conjugate-gradient iterations per linear solve (TUR bound, Newton steps and estimate)", DefaultValueFactory = _ => 300 };
        var dropConstant = new Option<bool>("--drop-constant") { Description = "Drop constant observable columns (with a warning) instead of failing" };
        var noTur = new Option<bool>("--no-tur") { Description = "Skip the TUR bound and the one-step Newton estimate (faster for large problems)" };
        var threads = new Option<int>("--threads") { Description = "Worker threads for the per-unit decomposition (0: all cores)", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Seed of the train/validation/test shuffle", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "Print summary.json on stdout" };
        var output = new Option<string>("--out") { Description = "Output folder (summary.json, sigma.npy, theta.npy)", Required = true };
        var cmd = new Command("maxent", "Nonequilibrium MaxEnt lower bound on entropy production from samples of observables, with TUR and Newton estimates.");
        cmd.Arguments.Add(input);
        foreach (Option o in new Option[] { reverse, anti, spikes, bin, spinFlips, order, nested, solver, maxIter, patience, maxCg, dropConstant, noTur, threads, seed, json, output }) cmd.Options.Add(o);
        cmd.SetAction(r =>
        {
            string? path = r.GetValue(input), flipsDir = r.GetValue(spinFlips);
            bool isSpikes = r.GetValue(spikes);
            if (flipsDir is not null && (path is not null || isSpikes)) throw new InputException("--spin-flips DIR takes no INPUT and no --spikes");
            if (flipsDir is null && path is null) throw new InputException("give INPUT (observables or spikes) or --spin-flips DIR");
            var mode = flipsDir is not null ? MaxEntInput.SpinFlips : isSpikes ? MaxEntInput.Spikes : MaxEntInput.Observables;
            if (mode != MaxEntInput.Observables && (r.GetValue(reverse) is not null || r.GetValue(anti)))
                throw new InputException("--reverse/--antisymmetric apply to plain observables only (spikes and spin flips are antisymmetric by construction)");
            bool skip = r.GetValue(noTur);
            var q = new MaxEntRequest
            {
                Input = mode, Path = flipsDir ?? path!, ReversePath = r.GetValue(reverse), Antisymmetric = r.GetValue(anti), Bin = r.GetValue(bin),
                Orders = ParseList(r.GetValue(order), "--order"), Nested = ParseList(r.GetValue(nested), "--nested"), DropConstant = r.GetValue(dropConstant),
                Threads = r.GetValue(threads),
                Options = new MaxEntOptions
                {
                    Seed = r.GetValue(seed), ComputeTur = !skip, ComputeNewtonEstimate = !skip,
                    Solver = new MaxEntSolverOptions
                    {
                        Solver = r.GetValue(solver) switch
                        {
                            "bb" => MaxEntSolver.BarzilaiBorwein, "newton" => MaxEntSolver.Newton,
                            var s => throw new InputException($"--solver must be bb or newton (got '{s}')"),
                        },
                        MaxIterations = Positive(r.GetValue(maxIter), "--max-iterations"), Patience = Positive(r.GetValue(patience), "--patience"),
                        MaxCgIterations = Positive(r.GetValue(maxCg), "--max-cg"),
                    },
                },
            };
            System.Text.Json.Nodes.JsonObject? summary = null;
            AtomicOutput.WriteDirectory(r.GetValue(output)!, dir => summary = MaxEntAnalysis.Run(q, dir, new ConsoleProgress("maxent")));
            if (r.GetValue(json)) Console.WriteLine(summary!.ToJsonString());
            else
            {
                Console.Error.WriteLine($"entropy production ≥ {summary!["entropy_production"]} ({summary["entropy_production_unit"]}){(summary["capped"]!.GetValue<bool>() ? " [capped at ln n]" : "")}");
                Console.Error.WriteLine($"TUR bound {summary["tur_bound"]}, Newton estimate {summary["newton_estimate"]}, true {summary["true_entropy_production"]?.ToJsonString() ?? "unknown"}");
            }
            return 0;
        });
        return cmd;
    }

    private static int Positive(int v, string name) => v > 0 ? v : throw new InputException($"{name} must be positive (got {v})");

    private static List<int>? ParseList(string? text, string name)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        return text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(t => int.TryParse(t, out int v) && v > 0 ? v : throw new InputException($"{name}: '{t}' is not a positive integer")).ToList();
    }
}
