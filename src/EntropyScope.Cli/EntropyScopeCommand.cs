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
                     // In the order a user meets them: data → estimators → pictures; then the other analyses.
                     DemoVerb.Create(),
                     SimulateVerb.Create(),
                     TrainVerb.Create(),
                     EstimateVerb.Create(),
                     MapVerb.Create(),
                     ReportVerb.Create(),
                     MaxEntVerb.Create(),
                     MaxEntSweepVerb.Create(),
                     ClassifyVerb.Create(),
                     TrainClassifierVerb.Create(),
                     DiffusionVerb.Create(),
                     BenchVerb.Create(),
                     VersionInfoVerb.Create(),
                 })
            root.Subcommands.Add(verb);
        return root;
    }
}
