using System.Text.RegularExpressions;
using System.Xml.Linq;
using EntropyScope.Reports.Html;

namespace EntropyScope.Tests.Reports.Html;

public class RunReportTests
{
    private static readonly string[] CneepSections = ["overview", "training", "cumulative", "scatter", "map", "bonds", "ensemble", "parameters"];

    /// <summary>The page is well-formed markup: parsed as XML (DOCTYPE dropped), so every tag is closed and every text escaped.</summary>
    private static XDocument ParseStrict(string html)
    {
        Assert.StartsWith("<!DOCTYPE html>", html);
        return XDocument.Parse(html["<!DOCTYPE html>".Length..]);
    }

    private static void AssertSelfContained(string html)
    {
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@font-face", html, StringComparison.OrdinalIgnoreCase);
        // The only URL allowed is the SVG namespace name (never fetched).
        var urls = Regex.Matches(html, "https?://[^\"'\\s)]+").Select(m => m.Value).Distinct().ToList();
        Assert.All(urls, u => Assert.Equal("http://www.w3.org/2000/svg", u));
    }

    private static List<string> SectionIds(XDocument doc) =>
        doc.Descendants().Where(e => e.Name.LocalName == "section").Select(e => (string)e.Attribute("id")!).ToList();

    [Fact]
    public void Finished_run_with_estimate_has_every_section_and_no_missing_notes()
    {
        using var run = new SyntheticRun();
        var page = RunReport.Build(run.Run);
        Assert.Equal(ReportKind.TrainingRun, page.Kind);
        Assert.Empty(page.Missing);
        var doc = ParseStrict(page.Html);
        AssertSelfContained(page.Html);
        Assert.Equal(CneepSections, SectionIds(doc));
        Assert.DoesNotContain("class=\"missing\"", page.Html);
        // Figures: 2 curves × 2 estimators, cumulative, scatter, histogram, map heatmap, bonds, per estimator, per movie.
        var svgs = doc.Descendants().Where(e => e.Name.LocalName == "svg").ToList();
        Assert.Equal(11, svgs.Count);
        Assert.Contains(svgs, s => s.Descendants().Any(e => (string?)e.Attribute("class") == "scatter"));
        Assert.Contains(svgs, s => s.Descendants().Any(e => (string?)e.Attribute("class") == "histogram"));
        Assert.Contains(svgs, s => s.Descendants().Any(e => (string?)e.Attribute("class") == "errorbars"));
        Assert.Contains(svgs, s => s.Descendants().Any(e => (string?)e.Attribute("class") == "colorbar"));
        Assert.Contains("best iteration 70", page.Html);
        Assert.Contains("estimate folder found automatically", page.Html);
        // The PNG map is a valid data URI holding a PNG.
        var img = doc.Descendants().Single(e => e.Name.LocalName == "img");
        string src = (string)img.Attribute("src")!;
        Assert.StartsWith("data:image/png;base64,", src);
        byte[] png = Convert.FromBase64String(src["data:image/png;base64,".Length..]);
        Assert.Equal(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }, png[..8]);
        // R² of the plotted windows and the summary's figures appear.
        Assert.Contains("R² = ", page.Html);
        Assert.Contains("0.81", page.Html);
    }

    [Fact]
    public void Neep_run_on_trajectories_has_no_map_or_bond_sections()
    {
        using var run = new SyntheticRun(neep: true);
        var page = RunReport.Build(run.Estimate);
        Assert.Equal(ReportKind.Estimate, page.Kind);
        Assert.Empty(page.Missing);
        var doc = ParseStrict(page.Html);
        Assert.Equal(["overview", "training", "cumulative", "scatter", "ensemble", "parameters"], SectionIds(doc));
        Assert.Contains("NEEP training run", page.Html);
        Assert.Contains("S_θ trajectory 0", page.Html);
        Assert.Contains("σ̂_θ per trajectory", page.Html);
        Assert.DoesNotContain("<img", page.Html);
    }

    [Fact]
    public void Estimate_folder_and_demo_layout_lead_to_the_same_page()
    {
        using var run = new SyntheticRun();
        var fromEstimate = RunReport.Build(run.Estimate);
        Assert.Equal(ReportKind.Estimate, fromEstimate.Kind);
        Assert.Equal(CneepSections, SectionIds(ParseStrict(fromEstimate.Html)));
        Assert.Empty(fromEstimate.Missing);
        var demo = RunReport.Build(run.Root);   // data/ + run/ (+ estimate): the `demo` layout
        Assert.Equal(ReportKind.Demo, demo.Kind);
        Assert.Empty(demo.Missing);
        Assert.Equal(CneepSections, SectionIds(ParseStrict(demo.Html)));
        var explicitEstimate = RunReport.Build(run.Run, run.Estimate);
        Assert.Empty(explicitEstimate.Missing);
        Assert.DoesNotContain("found automatically", explicitEstimate.Html);
    }

    [Fact]
    public void Unfinished_run_says_what_is_missing_and_still_draws_the_curves()
    {
        using var run = new SyntheticRun(finished: false, withEstimate: false);
        var page = RunReport.Build(run.Run);
        var doc = ParseStrict(page.Html);
        Assert.Contains(page.Missing, m => m.Contains(Path.Combine(run.Run, "summary.json")) && m.Contains("unfinished"));
        Assert.Contains(page.Missing, m => m.Contains("best.safetensors"));
        Assert.Contains(page.Missing, m => m.Contains("estimate"));
        Assert.Contains("This report is incomplete", page.Html);
        Assert.Contains(doc.Descendants(), e => e.Name.LocalName == "p" && (string?)e.Attribute("class") == "missing");
        Assert.Equal(4, doc.Descendants().Count(e => e.Name.LocalName == "svg"));   // J and σ̂ curves of both estimators
        Assert.Contains("unfinished", page.Html);
    }

    [Fact]
    public void Missing_estimate_files_become_notes_not_failures()
    {
        using var run = new SyntheticRun();
        File.Delete(Path.Combine(run.Estimate, "delta_s.npy"));
        File.Delete(Path.Combine(run.Estimate, "map.npy"));
        File.WriteAllText(Path.Combine(run.Estimate, "entropy_rate_per_movie.npy"), "not an npy file");
        var page = RunReport.Build(run.Run);
        ParseStrict(page.Html);
        Assert.Contains(page.Missing, m => m.Contains("delta_s.npy"));
        Assert.Contains(page.Missing, m => m.Contains("map.npy"));
        Assert.Contains(page.Missing, m => m.Contains("entropy_rate_per_movie.npy") && m.Contains("unreadable"));
        Assert.Equal(CneepSections, SectionIds(ParseStrict(page.Html)));
    }

    [Fact]
    public void Parameters_are_html_escaped()
    {
        using var run = new SyntheticRun(moviesLabel: "/<script>alert('x')</script>&<b>");
        var page = RunReport.Build(run.Run);
        AssertSelfContained(page.Html);
        Assert.DoesNotContain("<b>", page.Html);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&lt;b&gt;", page.Html);
        ParseStrict(page.Html);
    }

    [Fact]
    public void Paths_that_are_not_run_folders_are_bad_input()
    {
        string empty = Path.Combine(Path.GetTempPath(), "es-report-empty-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(empty);
        try
        {
            var e = Assert.Throws<InputException>(() => RunReport.Build(empty));
            Assert.Contains("not a run folder", e.Message);
            File.WriteAllText(Path.Combine(empty, "notes.json"), "{\"a\":1}");
            Assert.Throws<InputException>(() => RunReport.Build(Path.Combine(empty, "notes.json")));
            Assert.Contains("no such file", Assert.Throws<InputException>(() => RunReport.Build(Path.Combine(empty, "nope"))).Message);
        }
        finally { Directory.Delete(empty, true); }
    }

    [Fact]
    public void Other_folder_kinds_are_detected_and_shown()
    {
        string root = Path.Combine(Path.GetTempPath(), "es-report-kinds-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            string maxent = Path.Combine(root, "maxent");
            Directory.CreateDirectory(maxent);
            File.WriteAllText(Path.Combine(maxent, "summary.json"),
                """{"mode":"antisymmetric","entropy_production":0.12,"capped":false,"tur_bound":0.1,"newton_estimate":0.13,"hierarchy":[{"label":"first 2 columns","dimension":2,"entropy_production":0.1,"increment":0.1,"capped":false},{"label":"first 4 columns","dimension":4,"entropy_production":0.12,"increment":0.02,"capped":false}],"notes":["dropped 1 constant column"]}""");
            EntropyScope.IO.Npy.Write<double>(Path.Combine(maxent, "sigma.npy"), Enumerable.Range(0, 100).Select(i => Math.Sin(i)).ToArray(), 100);
            EntropyScope.IO.Npy.Write<double>(Path.Combine(maxent, "theta.npy"), [0.1, -0.2, 0.3, 0.05], 4);
            var m = RunReport.Build(maxent);
            Assert.Equal(ReportKind.MaxEnt, m.Kind);
            Assert.Empty(m.Missing);
            Assert.Contains("dropped 1 constant column", m.Html);
            Assert.Equal(3, ParseStrict(m.Html).Descendants().Count(e => e.Name.LocalName == "svg"));

            string diffusion = Path.Combine(root, "diffusion");
            Directory.CreateDirectory(Path.Combine(diffusion, "series"));
            File.WriteAllText(Path.Combine(diffusion, "summary.json"), """{"data":"gaussian","tau":1,"rows":[],"all_bounds_hold":true}""");
            File.WriteAllText(Path.Combine(diffusion, "table.csv"), "schedule,perturbation,eta,c1\ncosine,mean,0.1,0.2\n");
            File.WriteAllText(Path.Combine(diffusion, "rate.svg"), new EntropyScope.Reports.Plots.Plot("rate", "t", "r").AddLine([0.0, 1], [1.0, 2], "cosine").ToSvg());
            File.WriteAllText(Path.Combine(diffusion, "evil.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>");
            var d = RunReport.Build(diffusion);
            Assert.Equal(ReportKind.Diffusion, d.Kind);
            AssertSelfContained(d.Html);
            Assert.Contains("evil.svg: not a plain SVG figure", d.Html);
            Assert.Contains("<td>cosine</td>", d.Html);
            Assert.Single(ParseStrict(d.Html).Descendants(), e => e.Name.LocalName == "svg");

            string verdicts = Path.Combine(root, "verdicts.json");
            File.WriteAllText(verdicts, """{"input":"x.npy","dt":0.05,"trajectories":[{"index":0,"length":100,"p_active":0.9,"p_active_exact":0.95,"p_rbp":0.2,"d":1.1,"d_a":0.5,"fit":{"kappa":1,"d":1,"d_a":0.4,"tau":0.3},"warnings":["short"]}]}""");
            var v = RunReport.Build(verdicts);
            Assert.Equal(ReportKind.TracerVerdicts, v.Kind);
            Assert.Contains("<td>short</td>", v.Html);
            ParseStrict(v.Html);

            string model = Path.Combine(root, "model");
            Directory.CreateDirectory(model);
            File.WriteAllText(Path.Combine(model, "tracer-model.json"),
                """{"format":"entropyscope-tracer-model","format_version":1,"dt":0.05,"hidden":64,"tasks":{"log_d":{"Task":"log_d","Steps":100,"Seconds":3,"Trajectories":1000,"BestValidationLoss":0.2,"BestStep":75,"StoppedEarly":false,"Residuals":[{"Length":50,"LogSd":0.4},{"Length":500,"LogSd":0.2}]}}}""");
            var t = RunReport.Build(model);
            Assert.Equal(ReportKind.TracerModel, t.Kind);
            Assert.Contains(t.Missing, x => x.Contains("log_d.safetensors"));
            ParseStrict(t.Html);
        }
        finally { if (Directory.Exists(root)) Directory.Delete(root, true); }
    }

    [Fact]
    public void Unsafe_svg_detection()
    {
        Assert.False(FolderFigures.IsUnsafe(new EntropyScope.Reports.Plots.Plot("a", "b", "c").AddLine([0.0, 1], [0.0, 1], "one").ToSvg()));
        Assert.True(FolderFigures.IsUnsafe("<svg><image href=\"http://x/y.png\"/></svg>"));
        Assert.True(FolderFigures.IsUnsafe("<svg><rect onload=\"x()\"/></svg>"));
        Assert.True(FolderFigures.IsUnsafe("<svg><foreignObject/></svg>"));
    }

    [Fact]
    public void Squared_correlation_matches_definition()
    {
        Assert.Equal(1.0, TrainingRunReport.SquaredCorrelation([1.0, 2, 3], [2.0, 4, 6]), 12);
        Assert.Equal(1.0, TrainingRunReport.SquaredCorrelation([1.0, 2, 3], [-1.0, -2, -3]), 12);
        Assert.Equal(0.25, TrainingRunReport.SquaredCorrelation([1.0, 2, 3], [1.0, 3, 2]), 12);
    }
}
