using System.CommandLine;

namespace EntropyScope.Cli.Verbs;

/// <summary>`entropyscope bench TARGET [--json]`: throughput benchmarks, one subcommand per target in Verbs/Bench/.</summary>
public static class BenchVerb
{
    public static Command Create()
    {
        var cmd = new Command("bench", "Measure throughput against this machine's FMA peak or a reference run.");
        foreach (Command target in new[]
                 {
                     Bench.BenchEngineVerb.Create(),
                     Bench.BenchSimulateVerb.Create(),
                     Bench.BenchCneepVerb.Create(),
                     Bench.BenchNeepVerb.Create(),
                 })
            cmd.Subcommands.Add(target);
        return cmd;
    }
}
