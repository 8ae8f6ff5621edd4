using System.Text.Json;
using System.Xml.Linq;

namespace EntropyScope.Cli.Tests;

public class DiffusionVerbTests
{
    private static string TempDir() => Path.Combine(Path.GetTempPath(), "es-diffusion-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public void GaussianRunWritesTableJsonSeriesAndPlots()
    {
        string dir = TempDir();
        try
        {
            var (exit, stdout, stderr) = CliHarness.Run("diffusion", "--data", "gaussian", "--perturbation", "mean", "--particles", "100",
                "--intervals", "100", "--epsilons", "1e-3", "--out", dir, "--json");
            Assert.True(exit == 0, stderr);
            using var doc = JsonDocument.Parse(stdout);
            var rows = doc.RootElement.GetProperty("rows").EnumerateArray().ToList();
            Assert.Equal(["cosine", "cond-ot", "ot"], rows.Select(r => r.GetProperty("schedule").GetString()));
            foreach (var r in rows)
            {
                Assert.Equal("mean", r.GetProperty("perturbation").GetString());
                Assert.True(r.GetProperty("bound_holds").GetBoolean());
                Assert.Equal(0.145494, r.GetProperty("eta").GetDouble(), 1e-5);
                Assert.True(r.GetProperty("c1").GetDouble() <= r.GetProperty("c2").GetDouble());
                Assert.True(r.TryGetProperty("w_d", out _) && r.TryGetProperty("slack", out _));
            }
            Assert.Equal(3, doc.RootElement.GetProperty("closed_form").GetArrayLength());
            Assert.Equal(3, doc.RootElement.GetProperty("convergence").GetArrayLength());
            Assert.Equal(4, File.ReadAllLines(Path.Combine(dir, "table.csv")).Length);
            Assert.True(File.Exists(Path.Combine(dir, "summary.json")));
            Assert.True(File.Exists(Path.Combine(dir, "series", "cosine_mean.csv")));
            foreach (string svg in new[] { "entropy_rate.svg", "t_entropy_rate.svg", "wasserstein_speed.svg", "bound_mean.svg" })
                XDocument.Load(Path.Combine(dir, svg));
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }

    [Theory]
    [InlineData("--tau", "0", "--tau must be > 0")]
    [InlineData("--tau", "-1", "--tau must be > 0")]
    [InlineData("--perturbation", "shift", "unknown perturbation")]
    [InlineData("--schedule", "linear", "neither cosine")]
    [InlineData("--data", "images", "unknown data")]
    public void BadOptionsExitTwoWithOneLineAndWriteNothing(string option, string value, string message)
    {
        string dir = TempDir();
        var args = new List<string> { "diffusion", "--data", "mixture", "--out", dir };
        int i = args.IndexOf(option);
        if (i >= 0) args[i + 1] = value; else args.AddRange([option, value]);
        var (exit, _, stderr) = CliHarness.Run(args.ToArray());
        Assert.Equal(2, exit);
        Assert.StartsWith("error: ", stderr.Trim());
        Assert.Contains(message, stderr);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.False(Directory.Exists(dir));
    }

    [Theory]
    [InlineData("euler", "0", "--steps must be ≥ 1 (got 0)")]
    [InlineData("heun", "5,-1", "--steps must be ≥ 1 (got -1)")]
    [InlineData("euler", "ten", "--steps: \"ten\" is not an integer")]
    [InlineData("rk9", "10", "--sampler: unknown sampler \"rk9\"")]
    [InlineData("heun", "10", "--spacing: unknown spacing \"log\"", "log")]
    public void BadSamplerOrStepsExitTwoWithOneLine(string sampler, string steps, string message, string spacing = "uniform")
    {
        string dir = TempDir();
        var (exit, _, stderr) = CliHarness.Run("diffusion", "--data", "mixture", "--sampler", sampler, "--steps", steps, "--spacing", spacing, "--out", dir);
        Assert.Equal(2, exit);
        Assert.StartsWith("error: ", stderr.Trim());
        Assert.Contains(message, stderr);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void SamplerSweepWritesOneRowPerSamplerAndSeriesFiles()
    {
        string dir = TempDir();
        try
        {
            var (exit, stdout, stderr) = CliHarness.Run("diffusion", "--data", "gaussian", "--perturbation", "mean", "--schedule", "ot,cond-ot",
                "--sampler", "exact,euler", "--steps", "4,8", "--particles", "100", "--intervals", "40", "--epsilons", "none", "--out", dir, "--json");
            Assert.True(exit == 0, stderr);
            using var doc = JsonDocument.Parse(stdout);
            var rows = doc.RootElement.GetProperty("rows").EnumerateArray().ToList();
            Assert.Equal(["exact", "euler-4", "euler-8", "exact", "euler-4", "euler-8"], rows.Select(r => r.GetProperty("sampler").GetString()));
            Assert.Equal(3, doc.RootElement.GetProperty("samplers").GetArrayLength());
            foreach (var r in rows.Take(3)) Assert.Equal(0.145494, r.GetProperty("eta").GetDouble(), 1e-5); // OT: Euler is exact
            Assert.True(File.Exists(Path.Combine(dir, "series", "cond-ot_mean_euler-8.csv")));
            Assert.Equal(1 + 5, File.ReadAllLines(Path.Combine(dir, "series", "cond-ot_mean_euler-4.csv")).Length); // header + K + 1 solver times
            Assert.Contains("sampler", File.ReadAllLines(Path.Combine(dir, "table.csv"))[0].Split(','));
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }

    [Theory]
    [InlineData("t,m,sigma\n0,1,0\n0.5,0.8,0.5\n0.4,0.5,0.8\n1,0,1\n", "not strictly increasing")]
    [InlineData("t,m,sigma\n0,1,0\n0.5,0.8,0.5\n0.7,0.9,0.8\n1,0,1\n", "m is not monotone")]
    [InlineData("t,m,sigma\n0,1,0\n0.5,0.8,-0.1\n0.7,0.6,0.8\n1,0,1\n", "sigma must be > 0 inside")]
    [InlineData("t,m,sigma\n0,1,0\n0.5,0.8,abc\n1,0,1\n", "not a finite number")]
    public void BadScheduleTablesAreRejected(string csv, string message)
    {
        string dir = TempDir();
        string file = Path.Combine(Path.GetTempPath(), $"schedule-{Guid.NewGuid():N}.csv");
        File.WriteAllText(file, csv);
        try
        {
            var (exit, _, stderr) = CliHarness.Run("diffusion", "--data", "mixture", "--schedule", file, "--out", dir);
            Assert.Equal(2, exit);
            Assert.Contains(message, stderr);
            Assert.Contains(Path.GetFileNameWithoutExtension(file), stderr);
            Assert.False(Directory.Exists(dir));
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void TableScheduleRuns()
    {
        string dir = TempDir();
        string file = Path.Combine(Path.GetTempPath(), $"vp-{Guid.NewGuid():N}.csv");
        var lines = new List<string> { "t,m,sigma" };
        for (int i = 0; i <= 100; i++)
        {
            double t = i / 100.0;
            lines.Add(FormattableString.Invariant($"{t},{Math.Cos(Math.PI * t / 2)},{Math.Sin(Math.PI * t / 2)}"));
        }
        File.WriteAllLines(file, lines);
        try
        {
            var (exit, stdout, stderr) = CliHarness.Run("diffusion", "--data", "mixture", "--schedule", file + ",cosine", "--perturbation", "variance",
                "--particles", "200", "--intervals", "60", "--epsilons", "none", "--out", dir, "--json");
            Assert.True(exit == 0, stderr);
            var rows = JsonDocument.Parse(stdout).RootElement.GetProperty("rows").EnumerateArray().ToList();
            Assert.Equal(2, rows.Count);
            Assert.All(rows, r => Assert.True(r.GetProperty("bound_holds").GetBoolean()));
            Assert.Equal(rows[1].GetProperty("c2").GetDouble(), rows[0].GetProperty("c2").GetDouble(), 1e-2);
        }
        finally
        {
            File.Delete(file);
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }
}
