using System.Text.Json;

namespace EntropyScope.Reports.Html;

/// <summary>The folder kinds `report` recognises, from the files each verb writes (docs/reports.md).</summary>
public enum ReportKind { TrainingRun, Estimate, Demo, MaxEnt, MaxEntSweep, Diffusion, TracerModel, TracerVerdicts }

/// <summary>A built page: the HTML, the kind detected and what was missing (for the CLI's warnings).</summary>
public sealed record ReportPage(string Html, ReportKind Kind, IReadOnlyList<string> Missing);

/// <summary>
/// `entropyscope report RUN`: detects what RUN is from its files and builds the one self-contained HTML page.
/// A training run's `estimate` folder is taken from <c>estimate</c>, else searched for (see <see cref="FindEstimate"/>).
/// A path that is none of the known kinds is bad input (one line); missing files inside a known kind are notes.
/// </summary>
public static class RunReport
{
    public static ReportPage Build(string path, string? estimate = null)
    {
        if (!Directory.Exists(path) && !File.Exists(path)) throw new InputException($"{path}: no such file or folder");
        if (estimate != null && !Directory.Exists(estimate)) throw new InputException($"--estimate {estimate}: no such folder");
        var kind = Detect(path, out JsonElement? json);
        var page = new HtmlPage(Title(kind, path));
        switch (kind)
        {
            case ReportKind.TrainingRun:
            {
                string? note = null;
                if (estimate is null) estimate = FindEstimate(path, out note);
                else if (!SameRun(estimate, path)) note = $"note: {estimate}/summary.json names another run folder (or none); shown as given.";
                TrainingRunReport.Write(page, path, estimate, note);
                break;
            }
            case ReportKind.Estimate:
            {
                string? run = JsonView.String(json, "run");
                if (run is null || !Directory.Exists(run))
                {
                    page.Section("run", "Training run");
                    page.MissingNote($"the training run folder named in {Path.Combine(path, "summary.json")} ({run ?? "none"}): training curves and parameters are left out");
                    TrainingRunReport.Write(page, run ?? path, path, null);
                }
                else TrainingRunReport.Write(page, run, estimate ?? path, null);
                break;
            }
            case ReportKind.Demo:
            {
                string run = Path.Combine(path, "run");
                string? note = "demo layout: run/ is the training run";
                estimate ??= Directory.Exists(Path.Combine(path, "estimate")) ? Path.Combine(path, "estimate") : FindEstimate(run, out note);
                TrainingRunReport.Write(page, run, estimate, note);
                break;
            }
            case ReportKind.MaxEnt: MaxEntReport.Write(page, path); break;
            case ReportKind.MaxEntSweep: MaxEntReport.WriteSweep(page, path); break;
            case ReportKind.Diffusion: DiffusionReport.Write(page, path); break;
            case ReportKind.TracerModel: TracerReport.WriteModel(page, path); break;
            case ReportKind.TracerVerdicts:
                TracerReport.WriteVerdicts(page, Directory.Exists(path) ? VerdictFile(path)! : path, json!.Value);
                break;
        }
        return new ReportPage(page.ToHtml(), kind, page.Missing);
    }

    private static string Title(ReportKind kind, string path) => kind switch
    {
        ReportKind.TrainingRun or ReportKind.Estimate or ReportKind.Demo => "EntropyScope report: training run",
        ReportKind.MaxEnt => "EntropyScope report: MaxEnt",
        ReportKind.MaxEntSweep => "EntropyScope report: MaxEnt β sweep",
        ReportKind.Diffusion => "EntropyScope report: diffusion speed–accuracy",
        ReportKind.TracerModel => "EntropyScope report: tracer classifier model",
        _ => "EntropyScope report: tracer classification",
    } + " — " + Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(path)));

    /// <summary>What kind of output <paramref name="path"/> is, from the files present; not recognised → <see cref="InputException"/>.</summary>
    public static ReportKind Detect(string path, out JsonElement? json)
    {
        json = null;
        if (File.Exists(path))
        {
            json = TryJson(path);
            if (json is JsonElement j && TracerReport.IsVerdicts(j)) return ReportKind.TracerVerdicts;
            throw NotARun(path);
        }
        string F(string name) => Path.Combine(path, name);
        if (File.Exists(F("config.json")) || Directory.GetDirectories(path, "estimator-*").Any(d => File.Exists(Path.Combine(d, "train_log.csv"))))
            return ReportKind.TrainingRun;
        var summary = File.Exists(F("summary.json")) ? TryJson(F("summary.json")) : null;
        json = summary;
        if (summary is JsonElement s && s.ValueKind == JsonValueKind.Object)
        {
            if ((s.TryGetProperty("movies_path", out _) || s.TryGetProperty("trajectories_path", out _)) && s.TryGetProperty("run", out _)) return ReportKind.Estimate;
            if (s.TryGetProperty("rows", out _) && File.Exists(F("table.csv"))) return ReportKind.Diffusion;
            if (s.TryGetProperty("tur_bound", out _) || File.Exists(F("theta.npy"))) return ReportKind.MaxEnt;
        }
        if (File.Exists(F("theta.npy")) && File.Exists(F("sigma.npy"))) return ReportKind.MaxEnt;
        if (Directory.Exists(F("run")) && File.Exists(Path.Combine(F("run"), "config.json"))) return ReportKind.Demo;
        if (File.Exists(F("sweep.csv"))) return ReportKind.MaxEntSweep;
        if (File.Exists(F("table.csv")) && Directory.Exists(F("series"))) return ReportKind.Diffusion;
        if (File.Exists(F("tracer-model.json"))) return ReportKind.TracerModel;
        if (VerdictFile(path) is string v) { json = TryJson(v); return ReportKind.TracerVerdicts; }
        throw NotARun(path);
    }

    private static InputException NotARun(string path) => new(
        $"{path}: not a run folder (expected a `train` run with config.json, an `estimate`, `demo`, `maxent`, `maxent-sweep` or `diffusion` " +
        "output folder, a `train-classifier` model folder, or `classify --json` output)");

    /// <summary>A `classify --json` file inside a folder (the first *.json holding verdicts).</summary>
    private static string? VerdictFile(string folder) =>
        Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal).FirstOrDefault(f => TryJson(f) is JsonElement j && TracerReport.IsVerdicts(j));

    private static JsonElement? TryJson(string path)
    {
        try
        {
            if (new FileInfo(path).Length > 50_000_000) return null;
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            return doc.RootElement.Clone();
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>
    /// The `estimate` output of a run when not given: a folder among RUN's subfolders and RUN's siblings whose
    /// summary.json names RUN as its "run" (the newest if several), e.g. RUN/estimate or the demo's estimate/.
    /// </summary>
    public static string? FindEstimate(string run, out string? note)
    {
        note = null;
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(run));
        string? parent = Path.GetDirectoryName(full);
        var candidates = Directory.GetDirectories(full).AsEnumerable();
        if (parent != null) candidates = candidates.Concat(Directory.GetDirectories(parent).Where(d => Path.GetFullPath(d) != full));
        var found = candidates.Take(500).Where(d => SameRun(d, full)).OrderByDescending(d => File.GetLastWriteTimeUtc(Path.Combine(d, "summary.json"))).ToList();
        if (found.Count == 0) return null;
        note = $"estimate folder found automatically: {found[0]}" + (found.Count > 1 ? $" (newest of {found.Count}; others: {string.Join(", ", found.Skip(1))}; choose with --estimate)" : "");
        return found[0];
    }

    private static bool SameRun(string estimate, string run)
    {
        string summary = Path.Combine(estimate, "summary.json");
        if (!File.Exists(summary)) return false;
        return TryJson(summary) is JsonElement s && JsonView.String(s, "run") is string r &&
               string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(r)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(run)), StringComparison.Ordinal);
    }
}
