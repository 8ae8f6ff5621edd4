using System.Text.Json;

namespace EntropyScope.Reports.Html;

/// <summary>Page of a `diffusion` folder: summary.json, table.csv (η ≤ c1 ≤ c2, w_D per schedule × perturbation) and its SVG plots.</summary>
public static class DiffusionReport
{
    public static void Write(HtmlPage page, string folder)
    {
        var files = new RunFiles(page);
        var s = files.Json(Path.Combine(folder, "summary.json"), "the experiment's parameters");
        page.Section("overview", "Diffusion-model speed–accuracy experiment");
        var head = new List<(string, string)> { ("folder", Path.GetFullPath(folder)) };
        foreach (string k in (string[])["data", "tau", "seed", "epsilon", "time_intervals", "particles", "all_bounds_hold", "wall_seconds"])
            if (JsonView.Property(s, k) is JsonElement v) head.Add((k, JsonView.Scalar(v)));
        page.KeyValues(head);
        if (JsonView.Property(s, "all_bounds_hold") is { ValueKind: JsonValueKind.False })
            page.Paragraph("At least one bound η ≤ c1 ≤ c2 (or ≤ w_D) is violated: see the table.", "missing");

        page.Section("table", "Bounds per schedule × perturbation");
        if (files.Csv(Path.Combine(folder, "table.csv"), "the bounds table") is { } csv)
            page.Table(csv.Header, csv.Rows.Select(r => (IReadOnlyList<string>)r.Select(v => double.IsNaN(RunFiles.Number(v)) ? v : JsonView.Num(RunFiles.Number(v))).ToArray()));
        if (JsonView.Property(s, "closed_form") is { ValueKind: JsonValueKind.Array } cf && cf.GetArrayLength() > 0)
        {
            page.Paragraph("Closed-form values (single Gaussian):");
            page.Table(["schedule", "perturbation", "eta", "c1", "c2"], cf.EnumerateArray().Select(r => (IReadOnlyList<string>)
                [JsonView.String(r, "schedule") ?? "", JsonView.String(r, "perturbation") ?? "", JsonView.Num(JsonView.Double(r, "eta") ?? double.NaN),
                 JsonView.Num(JsonView.Double(r, "c1") ?? double.NaN), JsonView.Num(JsonView.Double(r, "c2") ?? double.NaN)]));
        }
        page.Section("plots", "Plots");
        FolderFigures.Inline(page, folder, "");
        if (!Directory.Exists(Path.Combine(folder, "series"))) page.MissingNote($"{Path.Combine(folder, "series")} (per-time series CSVs)");
    }
}
