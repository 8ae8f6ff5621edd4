using System.Text.Json;
using EntropyScope.Reports.Plots;

namespace EntropyScope.Reports.Html;

/// <summary>Pages of `maxent` (summary.json, sigma.npy, theta.npy) and `maxent-sweep` (sweep.csv, table.md, sweep*.svg) folders.</summary>
public static class MaxEntReport
{
    public static void Write(HtmlPage page, string folder)
    {
        var files = new RunFiles(page);
        var s = files.Json(Path.Combine(folder, "summary.json"), "the MaxEnt figures");
        page.Section("overview", "MaxEnt entropy-production bound");
        var head = new List<(string, string)> { ("folder", Path.GetFullPath(folder)) };
        foreach (string k in (string[])["mode", "entropy_production", "entropy_production_unit", "capped", "tur_bound", "newton_estimate", "true_entropy_production", "samples", "dimension", "units"])
            if (JsonView.Property(s, k) is JsonElement v) head.Add((k, JsonView.Scalar(v)));
        page.KeyValues(head);
        if (JsonView.Property(s, "notes") is { ValueKind: JsonValueKind.Array } notes)
            foreach (var n in notes.EnumerateArray()) page.Paragraph("note: " + JsonView.Scalar(n), "note");

        page.Section("hierarchy", "Hierarchy of observables");
        if (JsonView.Property(s, "hierarchy") is { ValueKind: JsonValueKind.Array } h && h.GetArrayLength() > 0)
        {
            var levels = h.EnumerateArray().ToList();
            page.Table(["level", "dimension", "EP bound", "increment", "capped"], levels.Select(l => (IReadOnlyList<string>)
                [JsonView.String(l, "label") ?? "", JsonView.Num(JsonView.Double(l, "dimension") ?? double.NaN), JsonView.Num(JsonView.Double(l, "entropy_production") ?? double.NaN),
                 JsonView.Num(JsonView.Double(l, "increment") ?? double.NaN), JsonView.Property(l, "capped") is JsonElement c ? JsonView.Scalar(c) : ""]));
            if (levels.Count >= 2)   // one level: the table says it all
            {
                var p = new Plot("EP bound along the hierarchy", "level", "EP bound") { XRange = (0.5, levels.Count + 0.5) };
                p.AddLine(levels.Select((_, i) => (double)(i + 1)).ToArray(), levels.Select(l => JsonView.Double(l, "entropy_production") ?? double.NaN).ToArray(), "MaxEnt bound");
                if (JsonView.Double(s, "true_entropy_production") is double t) p.AddHorizontalLine(t, "true EP");
                page.Svg(p.ToSvg(), "Each level adds observables; the bound can only grow.");
            }
        }
        else page.Paragraph("No hierarchy in this run.", "note");

        page.Section("sigma", "Per-sample entropy σ_g and multipliers θ*");
        if (files.Npy(Path.Combine(folder, "sigma.npy"), "the σ_g histogram") is { } sigma)
        {
            var p = new Plot("Distribution of σ_g per sample", "σ_g (nats)", "probability density");
            p.AddHistogram(sigma.Data.Where(double.IsFinite).ToArray(), 60, "σ_g", density: true);
            page.Svg(p.ToSvg(), $"sigma.npy, shape [{string.Join(", ", sigma.Shape)}] (NaN entries skipped).");
        }
        if (files.Npy(Path.Combine(folder, "theta.npy"), "the multipliers θ*") is { } theta)
        {
            if (theta.Shape.Length == 2 && theta.Shape[0] * theta.Shape[1] <= 200 * 200)
            {
                var map = new HeatmapPlot(theta.Data, theta.Shape[0], theta.Shape[1], "θ* (row: unit)", "j", "i") { ColorMap = ColorMap.Diverging, ColorBarLabel = "θ*" };
                page.Svg(map.ToSvg(), "Multipliers of the per-unit decomposition.");
            }
            else
            {
                var p = new Plot("Multipliers θ*", "observable index", "θ*") { Legend = "none" };
                p.AddScatter(theta.Data.Select((_, i) => (double)i).ToArray(), theta.Data, "θ*", radius: 2.5);
                page.Svg(p.ToSvg(), $"theta.npy, {theta.Data.Length} values.");
            }
        }
        page.Section("parameters", "All summary fields");
        if (s is JsonElement all) page.KeyValues(JsonView.Flatten(all));
    }

    public static void WriteSweep(HtmlPage page, string folder)
    {
        var files = new RunFiles(page);
        page.Section("sweep", "Kinetic Ising β sweep (MaxEnt, TUR, Newton vs true EP)");
        page.KeyValues([("folder", Path.GetFullPath(folder))]);
        if (files.Csv(Path.Combine(folder, "sweep.csv"), "the sweep table") is { } csv)
            page.Table(csv.Header, csv.Rows.Select(r => (IReadOnlyList<string>)r.Select(v => double.IsNaN(RunFiles.Number(v)) ? v : JsonView.Num(RunFiles.Number(v))).ToArray()));
        string md = Path.Combine(folder, "table.md");
        if (File.Exists(md)) page.Pre(File.ReadAllText(md));
        FolderFigures.Inline(page, folder, "");
    }
}
