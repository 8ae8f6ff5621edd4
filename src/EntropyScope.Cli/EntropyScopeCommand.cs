using System.CommandLine;
using EntropyScope.Cli.Verbs;

namespace EntropyScope.Cli;

/// <summary>The whole command tree. Every verb lives in its own file under Verbs/ and is listed here once.</summary>
public static class EntropyScopeCommand
{
    public static RootCommand Build()
    {
        var root = new RootCommand("EntropyScope: entropy production and dissipation maps from movies, trajectories and observables.");
        foreach (Command verb in new[]
                 {
                     SimulateVerb.Create(),
                     MaxEntVerb.Create(),
                     MaxEntSweepVerb.Create(),
                     BenchVerb.Create(),
                     VersionInfoVerb.Create(),
                     TrainClassifierVerb.Create(),
                     ClassifyVerb.Create(),
                     DiffusionVerb.Create(),
                     TrainVerb.Create(),
                     EstimateVerb.Create(),
                     MapVerb.Create(),
                     DemoVerb.Create(),
                     ReportVerb.Create(),
                 })
            root.Subcommands.Add(verb);
        return root;
    }
}
