using System.CommandLine;
using EntropyScope.Estimators.Cneep;
using EntropyScope.Estimators.Neep;

namespace EntropyScope.Cli.Verbs;

/// <summary>`entropyscope estimate RUN MOVIES --out DIR`: ΔS_θ per step, EP rate, dissipation maps (docs/cneep.md).</summary>
public static class EstimateVerb
{
    public static Command Create()
    {
        var cmd = new Command("estimate", "Apply a trained run (its best parameters) to movies: per-step ΔS_θ, EP rate ± spread, dissipation maps, R² and ratio when truth is beside the movies.");
        var run = new Argument<string>("RUN") { Description = "Run folder written by `train` (cneep, neep or rneep)" };
        var movies = new Argument<string>("DATA") { Description = "Movies to evaluate (same frame size as the training movies), or trajectories for a neep/rneep run (same dimension/state range)" };
        var output = new Option<string>("--out") { Description = "Output folder (written atomically)", Required = true };
        var json = new Option<bool>("--json") { Description = "Print summary.json on stdout" };
        cmd.Arguments.Add(run);
        cmd.Arguments.Add(movies);
        cmd.Options.Add(output);
        cmd.Options.Add(json);
        cmd.SetAction(p =>
        {
            if (NeepRunConfig.ReadKind(p.GetValue(run)!) is NeepArchitecture.Neep or NeepArchitecture.Rneep)
                return EstimateNeep(p.GetValue(run)!, p.GetValue(movies)!, p.GetValue(output)!, p.GetValue(json));
            var est = CneepEstimation.Run(p.GetValue(run)!, p.GetValue(movies)!, new ConsoleProgress("estimate"));
            est.Write(p.GetValue(output)!);
            Print(est.Summary);
            if (p.GetValue(json)) Console.WriteLine(est.SummaryJson());
            return 0;
        });
        return cmd;
    }

    /// <summary>The headline figures on stderr (shared with `demo`).</summary>
    public static void Print(CneepEstimate s)
    {
        Console.Error.WriteLine($"EP rate σ̂_θ = {s.EntropyRateEstimate:G5} ± {s.EntropyRateEstimateStd:G3} ({s.EntropyRateEstimateStdKind})" +
                                TruthText(s.EntropyRateTrue, s.Ratio));
        if (s.R2 is double r2) Console.Error.WriteLine($"R² (ΔS_θ vs true ΔS per window) = {r2:F4}" + (s.Estimators > 1 ? $" ± {s.R2Std:F4}" : ""));
        Console.Error.WriteLine($"map sum Σ⟨Ḣ⟩ = {s.MapSum:G5} over a {s.MapShape[0]}×{s.MapShape[1]} grid; {s.Windows} windows in {s.Movies} movies");
        if (s.Filaments is { } f)
            Console.Error.WriteLine($"filaments: share of ⟨Ḣ⟩ on hot–cold filaments {f.ShareOnHotColdFilaments:F3} (true {f.TrueShare:F3}), correlation with true σ_ab {f.Correlation:F3} over {f.FilamentCells} cells");
        if (s.Bonds == null) return;
        foreach (var b in s.Bonds)
            Console.Error.WriteLine($"  bond {b.I}–{b.J} ({b.RegionWidthPx} px): σ̂_θ,ij = {b.ExchangedEntropyRateEstimate:G4} ± {b.ExchangedEntropyRateEstimateSem:G2}" +
                                    (b.ExchangedEntropyRateTrue is double bt ? $"   true {bt:G4}" + (b.Ratio is double r ? $" (ratio {r:F3})" : "") : "") +
                                    (b.ExchangedEntropyRateRealised is double br ? $"   realised in these movies {br:G4} ± {b.ExchangedEntropyRateRealisedSem:G2}" +
                                                                                   (b.RatioRealised is double rr ? $" (ratio {rr:F3})" : "") : ""));
        // Unequal regions bias the bonds against each other even for a perfect map (ExchangedEntropy's summary).
        if (s.Bonds.Select(b => b.RegionWidthPx).Distinct().Count() > 1)
            Console.Error.WriteLine($"  note: the bond regions are {string.Join(" / ", s.Bonds.Select(b => b.RegionWidthPx))} px wide: the map's cells do not tile " +
                                    "the bead spacing evenly at this depth, so the bonds' rates are read off unequal parts of the frame");
    }

    /// <summary>"true σ = … σ̂_θ/σ = …", or that the truth is equilibrium (zero up to rounding), where no ratio exists.</summary>
    private static string TruthText(double? truth, double? ratio) => truth switch
    {
        null => "",
        _ when ratio is double r => $"   true σ = {truth:G5}   σ̂_θ/σ = {r:F3}",
        _ => "   true σ = 0 (equilibrium; no ratio)",
    };

    // --- NEEP/RNEEP runs (docs/neep.md) ---
    private static int EstimateNeep(string run, string data, string output, bool json)
    {
        var est = NeepEstimation.Run(run, data, new ConsoleProgress("estimate"));
        est.Write(output);
        var s = est.Summary;
        Console.Error.WriteLine($"{s.Estimator}: EP rate σ̂_θ = {s.EntropyRateEstimate:G5} ± {s.EntropyRateEstimateStd:G3} ({s.EntropyRateEstimateStdKind})" +
                                TruthText(s.EntropyRateTrue, s.Ratio));
        if (s.R2 is double r2) Console.Error.WriteLine($"R² (ΔS_θ vs true ΔS per window) = {r2:F4}");
        Console.Error.WriteLine($"{s.Windows} windows of {s.Window} states in {s.Trajectories} trajectories; variational bound (J + 1) per unit time = {s.VariationalBound:G5}");
        if (s.LowerBound) Console.Error.WriteLine("note: " + s.Note);
        if (json) Console.WriteLine(est.SummaryJson());
        return 0;
    }
}
