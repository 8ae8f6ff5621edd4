using System.CommandLine;
using EntropyScope.Models.Filaments;

namespace EntropyScope.Cli.Verbs.Simulate;

/// <summary>`entropyscope simulate filaments`: N×N elastic filament network movies with exact truth (CNEEP Sec. IV).</summary>
public static class SimulateFilamentsVerb
{
    public static Command Create()
    {
        var cmd = new Command("filaments", "Network of elastic filaments (N×N nodes in 2D, hot nodes with probability p): movies, trajectories, true ΔS, per-filament dissipation and truth.json.");
        var nodes = new Option<int>("--nodes") { Description = "Nodes per side N (2N² coordinates, frames 15N×15N)", DefaultValueFactory = _ => 6 };
        var tc = new Option<double>("--tc") { Description = "Temperature of cold nodes", DefaultValueFactory = _ => 1.0 };
        var th = new Option<double>("--th") { Description = "Temperature of hot nodes", DefaultValueFactory = _ => 5.0 };
        var pHot = new Option<double>("--p-hot") { Description = "Probability that a node is hot (drawn once, seeded, stored in truth.json)", DefaultValueFactory = _ => 0.3 };
        var hotSeed = new Option<ulong?>("--hot-seed") { Description = "Seed of the hot-node draw (default: --seed)" };
        var k = new Option<double>("--k") { Description = "Filament stiffness k", DefaultValueFactory = _ => 1.0 };
        var gamma = new Option<double>("--gamma") { Description = "Friction γ", DefaultValueFactory = _ => 1.0 };
        var lin = new Option<string>("--linearisation") { Description = "isotropic (K = −k L ⊗ I₂) or central-force (only the axial component)", DefaultValueFactory = _ => "isotropic" };
        var std = new Option<double>("--std") { Description = "Pixels per unit displacement (the paper draws raw displacements: 1)", DefaultValueFactory = _ => 1.0 };
        var common = new SimulateLangevinOptions(defaultMovies: 10, defaultFrames: 20_000);
        foreach (Option o in new Option[] { nodes, tc, th, pHot, hotSeed, k, gamma, lin, std }) cmd.Options.Add(o);
        common.AddTo(cmd);
        cmd.SetAction(p =>
        {
            var options = new FilamentOptions
            {
                Nodes = p.GetValue(nodes),
                Tc = p.GetValue(tc),
                Th = p.GetValue(th),
                PHot = p.GetValue(pHot),
                HotSeed = p.GetValue(hotSeed),
                SpringConstant = p.GetValue(k),
                Friction = p.GetValue(gamma),
                Linearisation = p.GetValue(lin)!.ToLowerInvariant() switch
                {
                    "isotropic" => Linearisation.Isotropic,
                    "central-force" or "central" => Linearisation.CentralForce,
                    var s => throw new InputException($"--linearisation must be isotropic or central-force (got '{s}')"),
                },
                DisplacementScale = p.GetValue(std),
                Simulation = common.Read(p),
            };
            var dataset = FilamentDataset.Build(options);
            return SimulateLangevinOptions.Run(p, common.Json, "filaments", progress => dataset.Write(p.GetValue(common.Out)!, progress));
        });
        return cmd;
    }
}
