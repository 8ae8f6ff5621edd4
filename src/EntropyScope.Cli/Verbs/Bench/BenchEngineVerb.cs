using System.CommandLine;
using System.Text.Json;
using EntropyScope.Tensors.Kernels;
using EntropyScope.Tensors.Kernels.Benchmarks;

namespace EntropyScope.Cli.Verbs.Bench;

/// <summary>`entropyscope bench engine [--threads N] [--quick] [--json]`: kernel throughput against the measured FMA peak.</summary>
public static class BenchEngineVerb
{
    public static Command Create()
    {
        var cmd = new Command("engine",
            "Measure the FMA peak, then GEMM 512²/1024² and the CNEEP conv layers (batch 4096) as GFLOP/s and fraction of that peak.");
        var threads = new Option<int>("--threads")
        {
            Description = "Worker count for the peak and every kernel (default: the engine's, i.e. the core count).",
            DefaultValueFactory = _ => EngineThreads.Count,
        };
        var quick = new Option<bool>("--quick") { Description = "Tiny sizes and short timings: checks the command runs; figures are meaningless." };
        var gemmOnly = new Option<bool>("--gemm-only") { Description = "Measure the peak and the GEMMs only (skip the conv layers)." };
        var cpuTime = new Option<bool>("--cpu-time")
        {
            Description = "Time with the thread's CPU time instead of wall time (needs --threads 1, Linux): usable on a loaded machine.",
        };
        var layer = new Option<string?>("--layer")
        {
            Description = "Measure the peak and this conv layer only (conv1, conv2 or conv3; no GEMMs): a short run while tuning.",
        };
        var passes = new Option<int?>("--passes")
        {
            Description = "Measure everything this many times in turn, keeping each kernel's best call and the largest peak " +
                          "(default 2; 1 with --quick): rides out seconds-long slow phases of a shared or virtual host.",
        };
        var json = new Option<bool>("--json") { Description = "Print the machine-readable summary on stdout." };
        cmd.Options.Add(threads);
        cmd.Options.Add(quick);
        cmd.Options.Add(gemmOnly);
        cmd.Options.Add(cpuTime);
        cmd.Options.Add(layer);
        cmd.Options.Add(passes);
        cmd.Options.Add(json);
        cmd.SetAction(parse =>
        {
            int n = parse.GetValue(threads);
            if (n < 1)
                throw new InputException($"--threads: {n} is not a worker count (must be at least 1).");
            bool threadCpuTime = parse.GetValue(cpuTime);
            if (threadCpuTime && n != 1)
                throw new InputException($"--cpu-time: measures one thread, so it needs --threads 1 (got --threads {n}).");
            if (threadCpuTime && !BenchClock.ThreadCpuTimeAvailable)
                throw new InputException("--cpu-time: thread CPU time is only available on Linux.");
            string? only = parse.GetValue(layer);
            if (only != null && !EngineBenchmark.CneepLayers.Any(l => l.Name == only))
                throw new InputException($"--layer: no conv layer named '{only}' (use {string.Join(", ", EngineBenchmark.CneepLayers.Select(l => l.Name))}).");
            if (only != null && parse.GetValue(gemmOnly))
                throw new InputException("--layer: cannot be combined with --gemm-only.");
            int passCount = parse.GetValue(passes) ?? (parse.GetValue(quick) ? 1 : 2);
            if (passCount < 1)
                throw new InputException($"--passes: {passCount} is not a pass count (must be at least 1).");
            var result = EngineBenchmark.Run(n, parse.GetValue(quick), parse.GetValue(gemmOnly), threadCpuTime,
                message => Console.Error.WriteLine(message), only, passCount);
            if (parse.GetValue(json))
                Console.WriteLine(ToJson(result));
            else
                PrintTable(result);
            return 0;
        });
        return cmd;
    }

    private static string ToJson(EngineBenchResult r)
    {
        static object Entries(IReadOnlyList<BenchEntry> list) => list.Select(e => new Dictionary<string, object>
        {
            ["name"] = e.Name,
            ["gflops"] = Math.Round(e.Gflops, 2),
            ["fraction_of_peak"] = Math.Round(e.FractionOfPeak, 4),
            ["seconds_per_call"] = e.SecondsPerCall,
        }).ToList();
        var summary = new Dictionary<string, object>
        {
            ["fma_peak_gflops"] = Math.Round(r.FmaPeakGflops, 2),
            ["threads"] = r.Threads,
            ["conv_batch"] = r.ConvBatch,
            ["clock"] = r.ThreadCpuTime ? "thread_cpu_time" : "wall",
            ["passes"] = r.Passes,
            ["gemm"] = Entries(r.Gemm),
            ["conv"] = Entries(r.Conv),
        };
        return JsonSerializer.Serialize(summary, new JsonSerializerOptions { WriteIndented = true });
    }

    private static void PrintTable(EngineBenchResult r)
    {
        Console.WriteLine($"FMA peak ({r.Threads} thread(s), {(r.ThreadCpuTime ? "thread CPU time" : "wall time")}, best of {r.Passes} pass(es)): {r.FmaPeakGflops:F1} GFLOP/s");
        Console.WriteLine();
        Console.WriteLine($"{"kernel",-42} {"GFLOP/s",9} {"of peak",8} {"ms/call",9}");
        foreach (var e in r.Gemm.Concat(r.Conv))
            Console.WriteLine($"{e.Name,-42} {e.Gflops,9:F1} {e.FractionOfPeak,8:P0} {e.SecondsPerCall * 1e3,9:F2}");
        Console.WriteLine();
        Console.WriteLine($"conv batch {r.ConvBatch}; each conv FLOP count is 2·Cout·Cin·k²·Ho·Wo per image (the layer row counts all three products).");
    }
}
