using System.CommandLine;
using EntropyScope.Models.BeadSpring;
using EntropyScope.Observation;

namespace EntropyScope.Cli.Verbs.Simulate;

/// <summary>`entropyscope simulate bead-spring`: bead-spring chain movies with exact truth (CNEEP Sec. III).</summary>
public static class SimulateBeadSpringVerb
{
    public static Command Create()
    {
        var cmd = new Command("bead-spring", "Bead-spring chain between two walls (N beads, T linear from T_c to T_h): movies, trajectories, true ΔS and truth.json.");
        var beads = new Option<int>("--beads") { Description = "Number of beads N", DefaultValueFactory = _ => 2 };
        var tc = new Option<double>("--tc") { Description = "Temperature of bead 1 (cold end)", DefaultValueFactory = _ => 1.0 };
        var th = new Option<double>("--th") { Description = "Temperature of bead N (hot end)", DefaultValueFactory = _ => 10.0 };
        var k = new Option<double>("--k") { Description = "Spring constant k", DefaultValueFactory = _ => 1.0 };
        var gamma = new Option<double>("--gamma") { Description = "Friction γ", DefaultValueFactory = _ => 1.0 };
        var twoPairs = new Option<bool>("--two-pairs") { Description = "N = 4 as two independent wall-tied pairs (CNEEP Fig. 3a)" };
        var pairTemps = new Option<string>("--pair-temperatures") { Description = "Two-pairs temperatures: linspace (over all 4 beads) or per-pair (T_c, T_h in each pair)", DefaultValueFactory = _ => "linspace" };
        var highDim = new Option<bool>("--high-dim") { Description = "NEEP high-dimensional chain: T_1 from the table for N = 8…128, T_N = 10 (σ = 1)" };
        var std = new Option<double>("--std") { Description = "Displacement std in pixels after normalisation (resolution)", DefaultValueFactory = _ => 1.0 };
        var norm = new Option<string>("--normalisation") { Description = "Divide displacements by the stationary std (exact) or the empirical std of the dataset", DefaultValueFactory = _ => "stationary" };
        var common = new SimulateLangevinOptions(defaultMovies: 125, defaultFrames: 10_000);
        foreach (Option o in new Option[] { beads, tc, th, k, gamma, twoPairs, pairTemps, highDim, std, norm }) cmd.Options.Add(o);
        common.AddTo(cmd);
        cmd.SetAction(p =>
        {
            var options = new BeadSpringOptions
            {
                Beads = p.GetValue(beads),
                Tc = p.GetValue(tc),
                Th = p.GetValue(th),
                SpringConstant = p.GetValue(k),
                Friction = p.GetValue(gamma),
                TwoPairs = p.GetValue(twoPairs),
                PairTemperatures = p.GetValue(pairTemps)!.ToLowerInvariant() switch
                {
                    "linspace" => PairTemperatures.Linspace,
                    "per-pair" => PairTemperatures.PerPair,
                    var s => throw new InputException($"--pair-temperatures must be linspace or per-pair (got '{s}')"),
                },
                HighDimensional = p.GetValue(highDim),
                Std = p.GetValue(std),
                Normalisation = p.GetValue(norm)!.ToLowerInvariant() switch
                {
                    "stationary" => DisplacementNormalisation.Stationary,
                    "empirical" => DisplacementNormalisation.Empirical,
                    var s => throw new InputException($"--normalisation must be stationary or empirical (got '{s}')"),
                },
                Simulation = common.Read(p),
            };
            var dataset = BeadSpringDataset.Build(options); // validates everything before anything is written
            return SimulateLangevinOptions.Run(p, common.Json, "bead-spring", progress => dataset.Write(p.GetValue(common.Out)!, progress));
        });
        return cmd;
    }
}
