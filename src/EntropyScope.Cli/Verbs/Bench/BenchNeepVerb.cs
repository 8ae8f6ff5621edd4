using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EntropyScope.Estimators.Neep;
using EntropyScope.Tensors.Kernels;
using EntropyScope.Tensors.Optim;

namespace EntropyScope.Cli.Verbs.Bench;

/// <summary>
/// `entropyscope bench neep [--json]`: training throughput of NEEP (3×256 MLP on N = 5 pairs) and RNEEP (embedding
/// 3 → 128, GRU 128, k = 32) at batch 4096, each beside the PyTorch anchor bench/neep/torch_neep_bench.py run in the
/// same invocation when /usr/bin/python3 has torch. Random inputs, like the anchor. Targets: NEEP ≥ 2×, RNEEP ≥ 1.5×.
/// </summary>
public static class BenchNeepVerb
{
    public static Command Create()
    {
        var cmd = new Command("neep", "NEEP and RNEEP training throughput (windows/s) against the PyTorch anchor.");
        var batch = new Option<int>("--batch") { Description = "Training batch (both networks)", DefaultValueFactory = _ => 4096 };
        var dim = new Option<int>("--dim") { Description = "NEEP: coordinates per state (bead-spring N = 5)", DefaultValueFactory = _ => 5 };
        var window = new Option<int>("--window") { Description = "RNEEP: states per window k", DefaultValueFactory = _ => 32 };
        var neepSteps = new Option<int>("--neep-steps") { Description = "Timed NEEP steps (after 2 warm-up steps)", DefaultValueFactory = _ => 10 };
        var rneepSteps = new Option<int>("--rneep-steps") { Description = "Timed RNEEP steps (after 1 warm-up step)", DefaultValueFactory = _ => 3 };
        var only = new Option<string>("--only") { Description = "neep, rneep or both", DefaultValueFactory = _ => "both" };
        var threads = new Option<int>("--threads") { Description = "Worker threads (both implementations)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var anchor = new Option<string>("--anchor") { Description = "PyTorch anchor script ('' to skip)", DefaultValueFactory = _ => "bench/neep/torch_neep_bench.py" };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON on stdout" };
        foreach (Option o in new Option[] { batch, dim, window, neepSteps, rneepSteps, only, threads, anchor, json }) cmd.Options.Add(o);
        cmd.SetAction(p =>
        {
            int b = p.GetValue(batch), d = p.GetValue(dim), k = p.GetValue(window), t = p.GetValue(threads);
            string which = p.GetValue(only) ?? "both";
            if (b < 1 || d < 1 || k < 2 || t < 1 || p.GetValue(neepSteps) < 1 || p.GetValue(rneepSteps) < 1)
                throw new InputException("--batch, --dim, --threads and the step counts must be positive, --window at least 2");
            if (which is not ("both" or "neep" or "rneep")) throw new InputException($"--only must be neep, rneep or both (got '{which}')");
            EngineThreads.Count = t;
            var result = new Dictionary<string, object?> { ["threads"] = t, ["batch"] = b };
            string script = p.GetValue(anchor) ?? "";
            var cases = new List<(string Name, NeepArchitecture Arch, int Steps, double Target, string[] AnchorArgs)>();
            if (which != "rneep")
                cases.Add(("neep", new NeepArchitecture { Kind = NeepArchitecture.Neep, Dimension = d, Hidden = 256, Layers = 3, Window = 2 }, p.GetValue(neepSteps), 2.0,
                    ["--model", "neep", "--dim", d.ToString(CultureInfo.InvariantCulture)]));
            if (which != "neep")
                cases.Add(("rneep", new NeepArchitecture { Kind = NeepArchitecture.Rneep, Dimension = 1, Tokens = 3, Hidden = 128, Layers = 1, Window = k }, p.GetValue(rneepSteps), 1.5,
                    ["--model", "rneep", "--window", k.ToString(CultureInfo.InvariantCulture)]));
            foreach (var c in cases)
            {
                double rate = Measure(c.Arch, b, c.Steps);
                var entry = new Dictionary<string, object?> { ["train_samples_per_s"] = Math.Round(rate, 1), ["steps_per_s"] = Math.Round(rate / b, 3), ["target_ratio"] = c.Target };
                Console.Error.WriteLine($"{c.Name}: entropyscope {rate:F0} windows/s ({rate / b:F3} steps/s at batch {b}, threads {t})");
                var torch = script.Length > 0 ? RunAnchor(script, [.. c.AnchorArgs, "--threads", t.ToString(CultureInfo.InvariantCulture), "--batch", b.ToString(CultureInfo.InvariantCulture), "--steps", c.Steps.ToString(CultureInfo.InvariantCulture)]) : null;
                if (torch is JsonElement te)
                {
                    double tr = te.GetProperty("train_samples_per_s").GetDouble();
                    entry["torch"] = te;
                    entry["ratio_vs_torch"] = Math.Round(rate / tr, 3);
                    Console.Error.WriteLine($"{c.Name}: pytorch      {tr:F0} windows/s   ratio {rate / tr:F2}× (target ≥ {c.Target})");
                }
                else Console.Error.WriteLine($"{c.Name}: pytorch anchor not run (no /usr/bin/python3 with torch, or --anchor '' / missing script)");
                result[c.Name] = entry;
            }
            Console.Error.WriteLine("note: timings on a shared machine are noisy; re-run on a quiet one.");
            if (p.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(result));
            return 0;
        });
        return cmd;
    }

    /// <summary>Training windows per second: ZeroGrad + forward/backward + Adam, after warm-up (random inputs).</summary>
    private static double Measure(NeepArchitecture arch, int batch, int steps)
    {
        var net = NeepNetworks.Create(arch, batch, seed: 0);
        var adam = new Adam(net.Parameters, 1e-4f, weightDecay: 5e-5f);
        var rng = new Random(0);
        var x = new float[(long)batch * net.WindowLength * net.ItemSize];
        for (int i = 0; i < x.Length; i++) x[i] = arch.Discrete ? rng.Next(arch.Tokens) : (float)(rng.NextDouble() * 2 - 1);
        var dS = new float[batch];
        void Step()
        {
            net.Parameters.ZeroGrad();
            net.AccumulateGradient(x, batch, dS);
            adam.Step();
        }
        Step();
        if (arch.Kind == NeepArchitecture.Neep) Step();
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < steps; i++) Step();
        return (double)batch * steps / sw.Elapsed.TotalSeconds;
    }

    private static JsonElement? RunAnchor(string script, string[] args)
    {
        if (!File.Exists(script) || !File.Exists("/usr/bin/python3")) return null;
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(script);
        foreach (string a in args) psi.ArgumentList.Add(a);
        using var proc = Process.Start(psi);
        if (proc == null) return null;
        var err = proc.StandardError.ReadToEndAsync();
        string stdout = proc.StandardOutput.ReadToEnd();
        proc.WaitForExit();
        _ = err.Result;
        if (proc.ExitCode != 0) return null;
        string? line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        if (line == null) return null;
        try { return JsonDocument.Parse(line).RootElement.Clone(); }
        catch (JsonException) { return null; }
    }
}
