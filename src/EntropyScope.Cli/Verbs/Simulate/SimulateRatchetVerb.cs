using System.CommandLine;
using EntropyScope.Models.Ratchet;

namespace EntropyScope.Cli.Verbs.Simulate;

/// <summary>`entropyscope simulate ratchet`: discrete flashing ratchet trajectories with exact EP per step (NEEP).</summary>
public static class SimulateRatchetVerb
{
    public static Command Create()
    {
        var cmd = new Command("ratchet", "Discrete flashing ratchet (6 states, potential V): integer-state trajectories, true ΔS per transition and truth.json (EP per step, dt = 1).");
        var potential = new Option<double>("--potential") { Description = "Potential height V (U_on(x) = xV)", Required = true };
        var temperature = new Option<double>("--temperature") { Description = "Temperature T", DefaultValueFactory = _ => 1.0 };
        var rate = new Option<double>("--switch-rate") { Description = "Weight r of switching the potential on/off", DefaultValueFactory = _ => 1.0 };
        var partial = new Option<bool>("--partial") { Description = "Store only the position x = s mod 3 (any estimator then gives a lower bound)" };
        var steps = new Option<long>("--steps") { Description = "Steps per trajectory L", DefaultValueFactory = _ => 1_000_000L };
        var trajectories = new Option<int>("--trajectories") { Description = "Number of independent trajectories M", DefaultValueFactory = _ => 1 };
        var seed = new Option<ulong>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 1UL };
        var outDir = new Option<string>("--out") { Description = "Output folder (replaced whole, written atomically)", Required = true };
        var json = new Option<bool>("--json") { Description = "Print a JSON summary on stdout" };
        foreach (Option o in new Option[] { potential, temperature, rate, partial, steps, trajectories, seed, outDir, json }) cmd.Options.Add(o);
        cmd.SetAction(p =>
        {
            var options = new RatchetOptions
            {
                Potential = p.GetValue(potential),
                Temperature = p.GetValue(temperature),
                SwitchRate = p.GetValue(rate),
                Partial = p.GetValue(partial),
                Steps = p.GetValue(steps),
                Trajectories = p.GetValue(trajectories),
                Seed = p.GetValue(seed),
            };
            return SimulateLangevinOptions.Run(p, json, "ratchet", progress => RatchetDataset.Write(p.GetValue(outDir)!, options, progress));
        });
        return cmd;
    }
}
