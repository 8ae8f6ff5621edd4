using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EntropyScope.Estimators.Cneep;
using EntropyScope.Tensors.Kernels;
using EntropyScope.Tensors.Optim;

namespace EntropyScope.Cli.Verbs.Bench;

/// <summary>
/// `entropyscope bench cneep [--json]`: training and inference throughput of the Table I network (N = 2 default:
/// n = 2, 20×40, C = 32) at batch 4096, beside the PyTorch anchor (../shared/anchors/torch_cneep_bench.py) run in the same
/// invocation when /usr/bin/python3 has torch. Random inputs, like the anchor. Inference is timed as the estimator runs it
/// (every window, stride n − 1, of one movie: conv1 once per frame) and, for reference, on independent windows.
/// </summary>
public static class BenchCneepVerb
{
    public static Command Create()
    {
        var cmd = new Command("cneep", "CNEEP network throughput (transitions/s, training and inference) against the PyTorch anchor.");
        var batch = new Option<int>("--batch") { Description = "Training batch", DefaultValueFactory = _ => 4096 };
        var evalBatch = new Option<int>("--eval-batch") { Description = "Inference batch", DefaultValueFactory = _ => 10000 };
        var frames = new Option<int>("--frames") { Description = "n frames per input", DefaultValueFactory = _ => 2 };
        var height = new Option<int>("--height") { DefaultValueFactory = _ => 20, Description = "Frame height" };
        var width = new Option<int>("--width") { DefaultValueFactory = _ => 40, Description = "Frame width" };
        var channels = new Option<int>("--channels") { DefaultValueFactory = _ => 32, Description = "Network width C" };
        var steps = new Option<int>("--steps") { DefaultValueFactory = _ => 5, Description = "Timed training steps (after 2 warm-up steps)" };
        var threads = new Option<int>("--threads") { DefaultValueFactory = _ => Environment.ProcessorCount, Description = "Worker threads (both implementations)" };
        var chunk = new Option<int>("--chunk") { DefaultValueFactory = _ => CneepNetwork.DefaultChunk, Description = "Windows per chunk inside the network" };
        var anchor = new Option<string>("--anchor") { DefaultValueFactory = _ => "../shared/anchors/torch_cneep_bench.py", Description = "PyTorch anchor script ('' to skip)" };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON on stdout" };
        foreach (Option o in new Option[] { batch, evalBatch, frames, height, width, channels, steps, threads, chunk, anchor, json }) cmd.Options.Add(o);
        cmd.SetAction(p =>
        {
            int b = p.GetValue(batch), eb = p.GetValue(evalBatch), n = p.GetValue(frames), h = p.GetValue(height), w = p.GetValue(width);
            int c = p.GetValue(channels), s = p.GetValue(steps), t = p.GetValue(threads);
            if (b < 1 || eb < 1 || s < 1 || t < 1) throw new InputException("--batch, --eval-batch, --steps and --threads must be positive");
            EngineThreads.Count = t;
            var arch = new CneepArchitecture(n, h, w, c);
            var net = new CneepNetwork(arch, Math.Max(b, eb), seed: 0, threads: t, chunk: p.GetValue(chunk));
            var adam = new Adam(net.Parameters, 1e-4f, weightDecay: 5e-5f);
            var rng = new Random(0);
            var x = new float[(long)Math.Max(b, eb) * n * h * w];
            for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
            var dS = new float[Math.Max(b, eb)];
            void Step()
            {
                net.Parameters.ZeroGrad();
                net.AccumulateGradient(x.AsSpan(0, b * n * h * w), b, dS);
                adam.Step();
            }
            Step(); Step();
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < s; i++) Step();
            double train = (double)b * s / sw.Elapsed.TotalSeconds;
            // Inference as `estimate` and validation run it: the eb windows (stride n − 1) of one movie of eb·(n−1)+1 frames.
            int movieFrames = eb * (n - 1) + 1;
            var movie = new float[(long)movieFrames * h * w];
            for (int i = 0; i < movie.Length; i++) movie[i] = (float)(rng.NextDouble() * 2 - 1);
            net.ForwardSequence(movie, movieFrames, dS);
            sw.Restart();
            for (int i = 0; i < 3; i++) net.ForwardSequence(movie, movieFrames, dS);
            double infer = 3.0 * eb / sw.Elapsed.TotalSeconds;
            // The same count of independent windows (what the anchor times): conv1 cannot be shared between them.
            net.Forward(x.AsSpan(0, eb * n * h * w), eb, dS);
            sw.Restart();
            for (int i = 0; i < 3; i++) net.Forward(x.AsSpan(0, eb * n * h * w), eb, dS);
            double inferIndependent = 3.0 * eb / sw.Elapsed.TotalSeconds;

            var result = new Dictionary<string, object?>
            {
                ["impl"] = "entropyscope", ["threads"] = t, ["batch"] = b, ["frames"] = n, ["height"] = h, ["width"] = w, ["channels"] = c,
                ["train_transitions_per_s"] = Math.Round(train, 1), ["infer_transitions_per_s"] = Math.Round(infer, 1),
                ["infer_independent_windows_per_s"] = Math.Round(inferIndependent, 1),
            };
            Console.Error.WriteLine($"entropyscope: training {train:F0} transitions/s, inference {infer:F0} windows/s over a movie (stride n − 1), {inferIndependent:F0} independent windows/s (threads {t}, batch {b}, eval batch {eb})");
            string script = p.GetValue(anchor) ?? "";
            var torch = script.Length > 0 ? RunAnchor(script, t, b, eb, n, h, w, c, s) : null;
            if (torch is JsonElement te)
            {
                double tt = te.GetProperty("train_transitions_per_s").GetDouble(), ti = te.GetProperty("infer_transitions_per_s").GetDouble();
                result["torch"] = te;
                result["train_ratio_vs_torch"] = Math.Round(train / tt, 3);
                result["infer_ratio_vs_torch"] = Math.Round(infer / ti, 3);
                result["infer_independent_ratio_vs_torch"] = Math.Round(inferIndependent / ti, 3);
                Console.Error.WriteLine($"pytorch:      training {tt:F0} transitions/s, inference {ti:F0} transitions/s");
                Console.Error.WriteLine($"ratio:        training {train / tt:F2}× (target ≥ 2), inference {infer / ti:F2}× (target ≥ 3; independent windows {inferIndependent / ti:F2}×)");
            }
            else Console.Error.WriteLine("pytorch anchor not run (no /usr/bin/python3 with torch, or --anchor '' / missing script)");
            Console.Error.WriteLine("note: timings on a shared machine are noisy; re-run on a quiet one.");
            if (p.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(result));
            return 0;
        });
        return cmd;
    }

    private static JsonElement? RunAnchor(string script, int threads, int batch, int evalBatch, int n, int h, int w, int c, int steps)
    {
        if (!File.Exists(script) || !File.Exists("/usr/bin/python3")) return null;
        var psi = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (string a in new[] { script, "--threads", threads.ToString(CultureInfo.InvariantCulture), "--batch", batch.ToString(CultureInfo.InvariantCulture),
                     "--eval-batch", evalBatch.ToString(CultureInfo.InvariantCulture), "--frames", n.ToString(CultureInfo.InvariantCulture),
                     "--height", h.ToString(CultureInfo.InvariantCulture), "--width", w.ToString(CultureInfo.InvariantCulture),
                     "--channels", c.ToString(CultureInfo.InvariantCulture), "--steps", steps.ToString(CultureInfo.InvariantCulture) })
            psi.ArgumentList.Add(a);
        using var proc = Process.Start(psi);
        if (proc == null) return null;
        string stdout = proc.StandardOutput.ReadToEnd();
        proc.StandardError.ReadToEnd();
        proc.WaitForExit();
        if (proc.ExitCode != 0) return null;
        string? line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        if (line == null) return null;
        try { return JsonDocument.Parse(line).RootElement.Clone(); }
        catch (JsonException) { return null; }
    }
}
