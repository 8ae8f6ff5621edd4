using System.CommandLine;
using EntropyScope.IO;
using EntropyScope.Reports.Html;

namespace EntropyScope.Cli.Verbs;

/// <summary>`entropyscope report RUN [--estimate DIR] [--out report.html]`: one self-contained HTML page per output folder (docs/reports.md).</summary>
public static class ReportVerb
{
    public static Command Create()
    {
        var cmd = new Command("report", "Write one self-contained HTML page (inline SVG/PNG, no network) for a train run (+ its estimate), an estimate, demo, maxent, maxent-sweep, diffusion, tracer model or classify output.");
        var run = new Argument<string>("RUN") { Description = "Output folder (or a `classify --json` file) to report on; the kind is detected from its files" };
        var estimate = new Option<string?>("--estimate") { Description = "The `estimate` output folder of a train run (default: a subfolder or sibling whose summary.json names RUN)" };
        var output = new Option<string?>("--out") { Description = "HTML file to write (default: RUN/report.html; RUN.html for a file)" };
        cmd.Arguments.Add(run);
        cmd.Options.Add(estimate);
        cmd.Options.Add(output);
        cmd.SetAction(p =>
        {
            string path = p.GetValue(run)!;
            var page = RunReport.Build(path, p.GetValue(estimate));
            string outPath = p.GetValue(output) ?? (Directory.Exists(path) ? Path.Combine(path, "report.html") : Path.ChangeExtension(path, ".html"));
            if (Directory.Exists(outPath)) throw new InputException($"--out {outPath}: is a folder; give the HTML file's name (e.g. {Path.Combine(outPath, "report.html")})");
            AtomicOutput.WriteAllText(outPath, page.Html);
            foreach (string m in page.Missing) Console.Error.WriteLine($"warning: missing: {m}");
            Console.Error.WriteLine($"report ({page.Kind}) written: {Path.GetFullPath(outPath)}" + (page.Missing.Count > 0 ? $" — incomplete, {page.Missing.Count} missing item(s) listed at its top" : ""));
            return 0;
        });
        return cmd;
    }
}
