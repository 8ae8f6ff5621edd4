using System.Text.Json;
using EntropyScope.Reports.Plots;

namespace EntropyScope.Reports.Html;

/// <summary>Pages of a tracer model folder (tracer-model.json from `train-classifier`) and of `classify --json` output.</summary>
public static class TracerReport
{
    public static void WriteModel(HtmlPage page, string folder)
    {
        var files = new RunFiles(page);
        var cfg = files.Json(Path.Combine(folder, "tracer-model.json"), "the model description");
        page.Section("overview", "Tracer classifier model");
        var top = new List<(string, string)> { ("folder", Path.GetFullPath(folder)) };
        if (cfg is JsonElement c) top.AddRange(JsonView.Flatten(c).Where(kv => !kv.Key.StartsWith("tasks.", StringComparison.Ordinal)));
        page.KeyValues(top);
        page.Section("tasks", "Trained tasks");
        if (JsonView.Property(cfg, "tasks") is not { ValueKind: JsonValueKind.Object } tasks) { page.Paragraph("No tasks listed.", "note"); return; }
        var rows = new List<IReadOnlyList<string>>();
        foreach (var t in tasks.EnumerateObject())
        {
            var v = t.Value;
            rows.Add([t.Name, JsonView.Num(JsonView.Double(v, "Steps") ?? JsonView.Double(v, "steps") ?? double.NaN),
                JsonView.Num(JsonView.Double(v, "BestStep") ?? JsonView.Double(v, "best_step") ?? double.NaN),
                JsonView.Num(JsonView.Double(v, "BestValidationLoss") ?? JsonView.Double(v, "best_validation_loss") ?? double.NaN),
                JsonView.Num(JsonView.Double(v, "Seconds") ?? JsonView.Double(v, "seconds") ?? double.NaN)]);
            if (!File.Exists(Path.Combine(folder, t.Name + ".safetensors"))) page.MissingNote($"{Path.Combine(folder, t.Name + ".safetensors")} (weights of task {t.Name})");
            var res = JsonView.Property(v, "Residuals") ?? JsonView.Property(v, "residuals");
            if (res is { ValueKind: JsonValueKind.Array } r && r.GetArrayLength() > 0)
            {
                var pts = r.EnumerateArray().Select(x => (L: JsonView.Double(x, "Length") ?? JsonView.Double(x, "length") ?? double.NaN,
                    S: JsonView.Double(x, "LogSd") ?? JsonView.Double(x, "log_sd") ?? double.NaN)).ToList();
                var p = new Plot($"{t.Name}: validation residual of ln(parameter)", "trajectory length", "sd of ln residual") { LogX = true };
                p.AddLine(pts.Select(q => q.L).ToArray(), pts.Select(q => q.S).ToArray(), t.Name);
                page.Svg(p.ToSvg(), "Smaller is better; this sd is the ±1σ interval `classify` reports.");
            }
        }
        page.Table(["task", "steps", "best step", "best validation loss", "seconds"], rows);
    }

    public static void WriteVerdicts(HtmlPage page, string jsonPath, JsonElement root)
    {
        page.Section("overview", "Tracer classification");
        var head = new List<(string, string)> { ("file", Path.GetFullPath(jsonPath)) };
        foreach (string k in (string[])["input", "dt", "model", "model_dt", "interval_level"])
            if (JsonView.Property(root, k) is JsonElement v) head.Add((k, JsonView.Scalar(v)));
        page.KeyValues(head);
        var list = root.GetProperty("trajectories").EnumerateArray().ToList();
        page.Section("verdicts", "Per trajectory");
        if (list.Count == 0) { page.Paragraph("No trajectories.", "note"); return; }
        double[] idx = list.Select(v => JsonView.Double(v, "index") ?? double.NaN).ToArray();
        double last = idx.Where(double.IsFinite).DefaultIfEmpty(0).Max();
        var p = new Plot("P(active) per trajectory", "trajectory", "probability") { XRange = (-0.5, last + 0.5), YRange = (-0.02, 1.02), Legend = "lower right" };
        p.AddScatter(idx, list.Select(v => JsonView.Double(v, "p_active") ?? double.NaN).ToArray(), "P(active) (network)", radius: 4);
        if (list.Any(v => JsonView.Double(v, "p_active_exact") is not null))
            p.AddScatter(idx, list.Select(v => JsonView.Double(v, "p_active_exact") ?? double.NaN).ToArray(), "P(active) (exact)", radius: 3);
        p.AddScatter(idx, list.Select(v => JsonView.Double(v, "p_rbp") ?? double.NaN).ToArray(), "P(RBP | active)", radius: 3);
        page.Svg(p.ToSvg(), "Network and exact posterior probabilities of active noise, and of run-and-tumble (RBP) given active.");
        page.Table(["traj", "length", "P(active)", "exact", "P(RBP|act)", "D", "D_a", "fit D", "fit D_a", "fit τ", "fit κ", "warnings"],
            list.Select(v =>
            {
                var f = JsonView.Property(v, "fit");
                var w = JsonView.Property(v, "warnings");
                return (IReadOnlyList<string>)[JsonView.Scalar(v.GetProperty("index")), N(v, "length"), N(v, "p_active"), N(v, "p_active_exact"), N(v, "p_rbp"),
                    N(v, "d"), N(v, "d_a"), N(f, "d"), N(f, "d_a"), N(f, "tau"), N(f, "kappa"),
                    w is { ValueKind: JsonValueKind.Array } a ? string.Join("; ", a.EnumerateArray().Select(JsonView.Scalar)) : ""];
            }));
    }

    private static string N(JsonElement? e, string name) => JsonView.Double(e, name) is double v ? JsonView.Num(v) : "–";

    /// <summary>True when the JSON is `classify --json` output (an object with a "trajectories" array of verdicts).</summary>
    public static bool IsVerdicts(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("trajectories", out var t) && t.ValueKind == JsonValueKind.Array &&
        t.EnumerateArray().All(v => v.ValueKind == JsonValueKind.Object && v.TryGetProperty("p_active", out _) && v.TryGetProperty("index", out _));
}
