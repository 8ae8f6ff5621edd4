using System.CommandLine;

namespace EntropyScope.Cli.Verbs;

/// <summary>`entropyscope simulate MODEL ...`: one subcommand per model, each in Verbs/Simulate/.</summary>
public static class SimulateVerb
{
    public static Command Create()
    {
        var cmd = new Command("simulate", "Simulate a model with exact ground truth and write its data files.");
        foreach (Command model in new[]
                 {
                     Simulate.SimulateBeadSpringVerb.Create(),
                     Simulate.SimulateFilamentsVerb.Create(),
                     Simulate.SimulateRatchetVerb.Create(),
                     Simulate.SimulateIsingVerb.Create(),
                     Simulate.SimulateTracerVerb.Create(),
                 })
            cmd.Subcommands.Add(model);
        return cmd;
    }
}
