using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using EntropyScope.Models.BeadSpring;
using EntropyScope.Models.Langevin;

namespace EntropyScope.Cli.Verbs.Bench;

/// <summary>
/// `entropyscope bench simulate`: simulate and render the paper's bead-spring set (125 movies × 10⁴ frames, N = 2,
/// CNEEP Methods) and print wall time, output size and peak working set (target: under a minute on 2 cores,
/// peak memory ≤ output size + 10 %).
/// </summary>
public static class BenchSimulateVerb
{
    public static Command Create()
    {
        var cmd = new Command("simulate", "Time simulating + rendering the paper's bead-spring movie set and report peak memory against the output size.");
        var movies = new Option<int>("--movies") { Description = "Movies M", DefaultValueFactory = _ => 125 };
        var frames = new Option<int>("--frames") { Description = "Frames per movie L", DefaultValueFactory = _ => 10_000 };
        var beads = new Option<int>("--beads") { Description = "Beads N", DefaultValueFactory = _ => 2 };
        var threads = new Option<int>("--threads") { Description = "Rendering threads", DefaultValueFactory = _ => Environment.ProcessorCount };
        var outDir = new Option<string?>("--out") { Description = "Where to write (default: a temporary folder, deleted afterwards)" };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON on stdout" };
        foreach (Option o in new Option[] { movies, frames, beads, threads, outDir, json }) cmd.Options.Add(o);
        cmd.SetAction(p =>
        {
            string? keep = p.GetValue(outDir);
            string dir = keep ?? Path.Combine(Path.GetTempPath(), "entropyscope-bench-simulate-" + Environment.ProcessId);
            var options = new BeadSpringOptions
            {
                Beads = p.GetValue(beads),
                Simulation = new SimulationOptions { Movies = p.GetValue(movies), Frames = p.GetValue(frames), Threads = p.GetValue(threads), Seed = 1 },
            };
            var process = Process.GetCurrentProcess();
            var cpu0 = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var summary = BeadSpringDataset.Write(dir, options, new ConsoleProgress("bench simulate"));
            double wall = clock.Elapsed.TotalSeconds;
            process.Refresh();
            double cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
            long peak = process.PeakWorkingSet64;
            if (keep == null) Directory.Delete(dir, recursive: true);
            double ratio = (double)peak / summary.Bytes;
            if (p.GetValue(json))
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    bench = "simulate", movies = summary.Movies, frames = summary.Frames, beads = options.Beads,
                    threads = options.Simulation.Threads, wall_seconds = wall, cpu_seconds = cpu, output_bytes = summary.Bytes,
                    peak_working_set_bytes = peak, peak_over_output = ratio, frames_per_second = summary.Movies * (double)summary.Frames / wall,
                    machine_cores = Environment.ProcessorCount,
                }));
            else
            {
                Console.WriteLine($"bead-spring set: {summary.Movies} movies × {summary.Frames} frames, N = {options.Beads}, {options.Simulation.Threads} threads");
                Console.WriteLine($"wall time        {wall:F2} s  (cpu {cpu:F2} s; target < 60 s on 2 cores)");
                Console.WriteLine($"output size      {summary.Bytes / 1e6:F1} MB");
                Console.WriteLine($"peak working set {peak / 1e6:F1} MB  ({ratio * 100:F1} % of the output; target ≤ 110 %)");
                Console.WriteLine($"throughput       {summary.Movies * (double)summary.Frames / wall:F0} frames/s");
            }
            return 0;
        });
        return cmd;
    }
}
