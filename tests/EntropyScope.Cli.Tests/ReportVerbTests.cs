using EntropyScope.Estimators.Cneep;
using EntropyScope.Estimators.Training;

namespace EntropyScope.Cli.Tests;

/// <summary>`report`: writes the page (exit 0), warns about missing files on stderr, rejects non-run paths with exit 2.</summary>
public class ReportVerbTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "es-report-cli-" + Guid.NewGuid().ToString("N")[..8]);

    public ReportVerbTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    /// <summary>An interrupted `train` run: config.json and a training log, nothing else.</summary>
    private string UnfinishedRun()
    {
        string run = Path.Combine(_root, "run");
        Directory.CreateDirectory(Path.Combine(run, "estimator-1"));
        new CneepRunConfig { Movies = Path.Combine(_root, "data"), Dt = 0.01, Height = 20, Width = 40, Iterations = 100, Batch = 8, EvalEvery = 10 }.Save(run);
        TrainingLog.Write(Path.Combine(run, "estimator-1", Trainer.LogFile),
            [new TrainingLogRow(10, 1, 1e-3, -1, -0.99, 0.1, 0.2, null, 10), new TrainingLogRow(20, 2, 1e-3, -0.9, -0.95, 0.3, 0.4, null, 20)]);
        return run;
    }

    [Fact]
    public void Unfinished_run_gives_a_page_warnings_and_exit_0()
    {
        string run = UnfinishedRun();
        string html = Path.Combine(_root, "out", "r.html");
        Directory.CreateDirectory(Path.GetDirectoryName(html)!);
        var (exit, stdout, stderr) = CliHarness.Run("report", run, "--out", html);
        Assert.Equal(0, exit);
        Assert.Equal("", stdout);
        Assert.Contains("warning: missing:", stderr);
        Assert.Contains("summary.json", stderr);
        Assert.Contains("report (TrainingRun) written", stderr);
        string page = File.ReadAllText(html);
        Assert.StartsWith("<!DOCTYPE html>", page);
        Assert.Contains("This report is incomplete", page);
        Assert.Equal([html], Directory.GetFiles(Path.GetDirectoryName(html)!));   // no temp file left behind
    }

    [Fact]
    public void Default_output_is_report_html_in_the_run_folder()
    {
        string run = UnfinishedRun();
        var (exit, _, _) = CliHarness.Run("report", run);
        Assert.Equal(0, exit);
        Assert.True(File.Exists(Path.Combine(run, "report.html")));
    }

    [Fact]
    public void Not_a_run_folder_is_one_error_line_and_exit_2()
    {
        string empty = Path.Combine(_root, "empty");
        Directory.CreateDirectory(empty);
        string html = Path.Combine(_root, "x.html");
        var (exit, _, stderr) = CliHarness.Run("report", empty, "--out", html);
        Assert.Equal(2, exit);
        var lines = stderr.Trim().Split('\n');
        Assert.Single(lines);
        Assert.StartsWith("error:", lines[0]);
        Assert.Contains("not a run folder", lines[0]);
        Assert.False(File.Exists(html));
        (exit, _, stderr) = CliHarness.Run("report", Path.Combine(_root, "missing"));
        Assert.Equal(2, exit);
        Assert.Contains("no such file or folder", stderr);
        (exit, _, stderr) = CliHarness.Run("report", UnfinishedRun(), "--out", empty);
        Assert.Equal(2, exit);
        Assert.Contains("is a folder", stderr);
        (exit, _, stderr) = CliHarness.Run("report", UnfinishedRun(), "--estimate", Path.Combine(_root, "nope"));
        Assert.Equal(2, exit);
        Assert.Contains("--estimate", stderr);
    }
}
