using System.Diagnostics;
using System.Text.Json.Nodes;
using EntropyScope.Estimators.MaxEnt.Inputs;
using EntropyScope.Estimators.MaxEnt.Observables;
using EntropyScope.IO;

namespace EntropyScope.Estimators.MaxEnt;

/// <summary>
/// The `maxent` workflow: load the input, run the estimator (joint or per-unit), and write summary.json,
/// sigma.npy (σ_g per sample) and theta.npy (θ*) into an output folder. Warnings (dropped or dependent observables,
/// the ln n cap) go to the progress log and into the summary's notes.
/// </summary>
public static class MaxEntAnalysis
{
    public static JsonObject Run(MaxEntRequest q, string outDir, IProgressSink? progress = null)
    {
        progress ??= ProgressSink.None;
        var clock = Stopwatch.StartNew();
        var s = q.Input switch
        {
            MaxEntInput.SpinFlips => SpinFlips(q, outDir, progress),
            MaxEntInput.Spikes => Spikes(q, outDir, progress),
            _ => Observables(q, outDir, progress),
        };
        s["solver"] = q.Options.Solver.Solver == MaxEntSolver.Newton ? "newton" : "bb";
        s["seed"] = q.Options.Seed;
        s["elapsed_seconds"] = clock.Elapsed.TotalSeconds;
        AtomicOutput.WriteAllText(Path.Combine(outDir, "summary.json"), s.ToJsonString(JsonOptions));
        return s;
    }

    public static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static JsonObject Observables(MaxEntRequest q, string outDir, IProgressSink log)
    {
        if (q.ReversePath is not null && q.Antisymmetric) throw new InputException("give either --reverse or --antisymmetric, not both");
        if (q.ReversePath is null && !q.Antisymmetric)
            throw new InputException($"{q.Path}: say how to get reverse samples: --reverse REVERSE.npy, or --antisymmetric if the observables change sign under time reversal");
        var g = ObservableFile.Load(q.Path);
        var rev = q.ReversePath is null ? null : ObservableFile.Load(q.ReversePath);
        if (rev is not null && rev.Dimension != g.Dimension)
            throw new InputException($"{q.ReversePath}: reverse observables have {rev.Dimension} columns but {q.Path} has {g.Dimension}");
        var notes = new List<string>();
        var active = Enumerable.Repeat(true, g.Dimension).ToArray();
        var constant = ObservableFile.ConstantColumns(g);
        if (rev is not null) constant = constant.Intersect(ObservableFile.ConstantColumns(rev)).ToList();
        if (constant.Count > 0)
        {
            string list = string.Join(", ", constant.Take(10)) + (constant.Count > 10 ? ", …" : "");
            if (!q.DropConstant || constant.Count == g.Dimension)
                throw new InputException($"{q.Path}: observable column(s) {list} are constant over all samples{(q.DropConstant ? " (all of them)" : "; remove them or pass --drop-constant")}");
            foreach (int j in constant) active[j] = false;
            Warn(log, notes, $"dropped {constant.Count} constant observable column(s): {list}");
        }
        int? rank = ObservableFile.CovarianceRank(g, active);
        int nActive = active.Count(a => a);
        if (rank is { } rk && rk < nActive)
            Warn(log, notes, $"regularised: the observables are linearly dependent (covariance rank {rk} < {nActive}); the dual is flat along {nActive - rk} direction(s), Newton/TUR use εI/λI");
        List<(string, bool[])>? hier = null;
        if (q.Nested is { Count: > 0 } nested)
        {
            hier = [];
            int prev = 0;
            foreach (int p in nested)
            {
                if (p <= prev || p > g.Dimension) throw new InputException($"--nested sizes must increase and be at most the {g.Dimension} columns (got {string.Join(",", nested)})");
                hier.Add(($"first {p} columns", Enumerable.Range(0, g.Dimension).Select(j => j < p).ToArray()));
                prev = p;
            }
        }
        log.Log($"maxent: {g.Count} samples × {g.Dimension} observables ({(rev is null ? "antisymmetric" : $"{rev.Count} reverse samples")})");
        var r = MaxEntEstimator.Estimate(g, rev, q.Options with { Active = active, Hierarchy = hier });
        var sigma = MaxEntEstimator.TrajectoryEntropy(g, r);
        Npy.Write<double>(Path.Combine(outDir, "sigma.npy"), sigma, sigma.Length);
        Npy.Write<double>(Path.Combine(outDir, "theta.npy"), r.Theta, r.Theta.Length);
        var s = Common(r.EntropyProduction, r.Capped, r.TurBound, r.NewtonEstimate, r.Hierarchy);
        s["input"] = q.Path;
        s["mode"] = rev is null ? "antisymmetric" : "reverse";
        s["reverse"] = q.ReversePath;
        s["entropy_production_unit"] = "nats per sample (window)";
        s["samples"] = g.Count;
        s["dimension"] = g.Dimension;
        s["active_observables"] = nActive;
        Solution(s, r);
        s["mean_sigma"] = sigma.Average();
        s["mean_exp_minus_sigma"] = sigma.Average(v => Math.Exp(-v));
        s["true_entropy_production"] = TruthBeside(q.Path);
        foreach (var n in r.Notes) Warn(log, notes, n);
        s["notes"] = new JsonArray(notes.Select(n => (JsonNode)n).ToArray());
        return s;
    }

    private static JsonObject Spikes(MaxEntRequest q, string outDir, IProgressSink log)
    {
        var g = SpikeTrainFile.Load(q.Path, q.Bin, PairOrderRequested(q));
        log.Log($"maxent: {g.Bins} bins × {g.Units} units → {g.Count} samples, {g.Dimension} observables (antisymmetric)");
        var (s, r) = PairwisePopulation(q, g, outDir, log);
        s["mode"] = "spikes";
        s["bin"] = q.Bin;
        s["entropy_production_unit"] = "nats per bin step";
        s["bins"] = g.Bins;
        s["mean_activity"] = g.MeanActivity;
        s["entropy_production_per_spike"] = g.MeanActivity > 0 ? r.EntropyProduction / g.MeanActivity : null;
        s["true_entropy_production"] = TruthBeside(q.Path);
        return s;
    }

    /// <summary>Synchronous (parallel) spin updates: every spin may change in one step, so the per-unit decomposition
    /// does not apply; the joint problem with the general pair observables (estimators.md §4) does.</summary>
    private static JsonObject SynchronousSpins(MaxEntRequest q, SpinFlipFolder f, string outDir, IProgressSink log)
    {
        var rec = f.Records;
        var g = PairwiseSpikeObservables.FromTransitions(rec.States, f.NextStates, rec.Samples, rec.Units, PairOrderRequested(q));
        log.Log($"maxent: {rec.Samples} synchronous transitions × {rec.Units} spins, joint pair observables ({g.Dimension})");
        var (s, _) = PairwisePopulation(q, g, outDir, log);
        s["mode"] = "spin transitions (synchronous updates, joint pair observables)";
        s["entropy_production_unit"] = "nats per synchronous step";
        s["true_entropy_production"] = f.Truth?["entropy_rate"]?.GetValue<double>();
        return s;
    }

    private static bool PairOrderRequested(MaxEntRequest q)
    {
        if (q.Orders is not null && q.Orders.Any(o => o is < 1 or > 2))
            throw new InputException($"--order for spike trains and synchronous spins accepts 1 (single-unit) and 2 (pairwise); got {string.Join(",", q.Orders)}");
        return q.Orders is null || q.Orders.Any(o => o >= 2);
    }

    /// <summary>Joint estimate over single-unit and pair observables of a binary population, hierarchy by order.</summary>
    private static (JsonObject Summary, MaxEntResult Result) PairwisePopulation(MaxEntRequest q, PairwiseSpikeObservables g, string outDir, IProgressSink log)
    {
        int n = g.Units;
        var notes = new List<string>();
        List<(string, bool[])> hier = q.Orders is null
            ? [("pairwise", Enumerable.Range(0, g.Dimension).Select(j => j >= n).ToArray())]
            : q.Orders.Select(o => ($"order {o}", Enumerable.Range(0, g.Dimension).Select(j => o >= 2 || j < n).ToArray())).ToList();
        var r = MaxEntEstimator.Estimate(g, null, q.Options with { Hierarchy = hier });
        var sigma = MaxEntEstimator.TrajectoryEntropy(g, r);
        Npy.Write<double>(Path.Combine(outDir, "sigma.npy"), sigma, sigma.Length);
        Npy.Write<double>(Path.Combine(outDir, "theta.npy"), r.Theta, r.Theta.Length);
        var s = Common(r.EntropyProduction, r.Capped, r.TurBound, r.NewtonEstimate, r.Hierarchy);
        s["input"] = q.Path;
        s["units"] = n;
        s["samples"] = g.Count;
        s["dimension"] = g.Dimension;
        Solution(s, r);
        s["mean_sigma"] = sigma.Average();
        s["mean_exp_minus_sigma"] = sigma.Average(v => Math.Exp(-v));
        s["theta_layout"] = $"[{n} single-unit terms x_i(t+1) − x_i(t)][pairs i<j row-major: x_i(t+1)x_j(t) − x_i(t)x_j(t+1)]";
        foreach (var note in r.Notes) Warn(log, notes, note);
        s["notes"] = new JsonArray(notes.Select(x => (JsonNode)x).ToArray());
        return (s, r);
    }

    private static JsonObject SpinFlips(MaxEntRequest q, string outDir, IProgressSink log)
    {
        var f = SpinFlipFolder.Load(q.Path);
        if (f.NextStates is not null) return SynchronousSpins(q, f, outDir, log);
        var rec = f.Records;
        int n = rec.Units;
        log.Log($"maxent: {rec.Samples} samples × {n} units, per-unit decomposition ({n} problems of size {(q.Orders is null ? n - 1 : n)})");
        var r = PerUnitDecomposition.Estimate(rec, q.Options, q.Orders, q.Threads, log);
        Npy.Write<float>(Path.Combine(outDir, "sigma.npy"), r.Sigma, rec.Samples, n);
        Npy.Write<double>(Path.Combine(outDir, "theta.npy"), r.Theta, n, n);
        var notes = new List<string>();
        var s = Common(r.EntropyProduction, r.Units.Any(u => u.Capped), r.TurBound, r.NewtonEstimate, r.Hierarchy);
        s["input"] = q.Path;
        s["mode"] = "spin-flips (per-unit decomposition)";
        s["entropy_production_unit"] = "nats per single-unit update attempt";
        s["entropy_production_per_sweep"] = r.EntropyProduction * n;
        s["tur_bound_per_sweep"] = r.TurBound * n;
        s["newton_estimate_per_sweep"] = r.NewtonEstimate * n;
        s["samples"] = rec.Samples;
        s["units"] = n;
        s["units_skipped"] = r.Units.Count(u => u.Skipped);
        s["flips"] = r.Units.Sum(u => (long)u.Events);
        double? truth = f.Truth?["entropy_rate"]?.GetValue<double>();
        s["true_entropy_production"] = truth;
        s["true_entropy_production_per_sweep"] = truth * n;
        double? beta = f.Truth?["beta"]?.GetValue<double>();
        if (f.Couplings is not null && beta is { } b)
        {
            double emp = Models.Ising.IsingEntropy.EmpiricalFromFlips(f.Couplings, b, rec.States, rec.Flips, rec.Samples);
            s["empirical_entropy_production"] = emp;
            s["theta_coupling_r2"] = CouplingR2(r, f.DenseCouplings!, b, n);
        }
        s["theta_layout"] = "row i: unit i's multipliers; column j ≠ i for −2x_ix_j, column i for the order-1 term −2x_i";
        s["sigma_layout"] = "float32 (samples, N): σ_g of the flip of unit i at recorded state s, NaN where none";
        foreach (var note in r.Notes) Warn(log, notes, note);
        s["notes"] = new JsonArray(notes.Select(x => (JsonNode)x).ToArray());
        return s;
    }

    /// <summary>R² of θ*_ij − θ*_ji against β(J_ij − J_ji) over pairs of estimated units (estimators.md §4 "Validation").</summary>
    private static double? CouplingR2(PerUnitResult r, double[] j, double beta, int n)
    {
        var x = new List<double>(); var y = new List<double>();
        for (int a = 0; a < n; a++)
            for (int b = a + 1; b < n; b++)
            {
                if (r.Units[a].Skipped || r.Units[b].Skipped) continue;
                double t = beta * (j[a * n + b] - j[b * n + a]);
                if (t == 0) continue; // only coupled pairs
                x.Add(t); y.Add(r.Theta[a * n + b] - r.Theta[b * n + a]);
            }
        if (x.Count < 2) return null;
        double mean = x.Average(), ssTot = x.Sum(v => (v - mean) * (v - mean)), ssRes = 0;
        for (int k = 0; k < x.Count; k++) ssRes += (y[k] - x[k]) * (y[k] - x[k]);
        return ssTot > 0 ? 1 - ssRes / ssTot : null;
    }

    private static JsonObject Common(double ep, bool capped, double tur, double newton, IReadOnlyList<HierarchyLevel> h) => new()
    {
        ["entropy_production"] = ep,
        ["capped"] = capped,
        ["tur_bound"] = Finite(tur),
        ["newton_estimate"] = Finite(newton),
        ["hierarchy"] = new JsonArray(h.Select(l => (JsonNode)new JsonObject
        {
            ["label"] = l.Label, ["dimension"] = l.Dimension, ["entropy_production"] = l.EntropyProduction,
            ["increment"] = l.Increment, ["capped"] = l.Capped,
        }).ToArray()),
    };

    private static void Solution(JsonObject s, MaxEntResult r)
    {
        s["test_objective"] = r.TestObjective;
        s["validation_objective"] = r.ValidationObjective;
        s["train_objective"] = r.TrainObjective;
        s["split"] = new JsonObject { ["train"] = r.TrainCount, ["validation"] = r.ValidationCount, ["test"] = r.TestCount };
        s["iterations"] = r.Iterations;
        s["stopped_by"] = r.StoppedBy;
        s["log_partition"] = r.LogPartition;
    }

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;

    private static double? TruthBeside(string path)
    {
        string? dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        string t = System.IO.Path.Combine(dir ?? ".", "truth.json");
        if (!File.Exists(t)) return null;
        try { return (JsonNode.Parse(File.ReadAllText(t)) as JsonObject)?["entropy_rate"]?.GetValue<double>(); }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException) { return null; }
    }

    private static void Warn(IProgressSink log, List<string> notes, string message)
    {
        notes.Add(message);
        log.Log("warning: " + message);
    }
}
