using System.Text.Json;
using EntropyScope.Estimators.ActiveNoise;
using EntropyScope.IO;

namespace EntropyScope.Cli.Tests;

/// <summary>simulate tracer, train-classifier and classify through the real command tree, including bad input (exit 2).</summary>
public class TracerVerbTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "es-tracer-cli-" + Guid.NewGuid().ToString("N")[..8]);

    public TracerVerbTests() => Directory.CreateDirectory(_dir);

    public void Dispose() { try { Directory.Delete(_dir, true); } catch (IOException) { } }

    private string TinyModel()
    {
        string model = Path.Combine(_dir, "model");
        var (exit, _, err) = CliHarness.Run("train-classifier", "--minutes", "0.05", "--hidden", "4", "--batch", "8", "--lengths", "30..60", "--out", model);
        Assert.True(exit == 0, err);
        return model;
    }

    [Fact]
    public void SimulateWritesTrajectoriesAndTruth()
    {
        string outDir = Path.Combine(_dir, "sim");
        var (exit, _, err) = CliHarness.Run("simulate", "tracer", "--model", "rbp", "--trajectories", "3", "--length", "50", "--da", "2", "--seed", "4", "--out", outDir);
        Assert.True(exit == 0, err);
        using (var a = NpyArray.Open(Path.Combine(outDir, "trajectories.npy")))
            Assert.Equal([3, 50, 1], a.Shape);
        using var truth = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "truth.json")));
        var t = truth.RootElement.GetProperty("trajectories");
        Assert.Equal(3, t.GetArrayLength());
        Assert.Equal(1, t[0].GetProperty("label_rbp").GetInt32());
        Assert.Equal(2.0, t[0].GetProperty("d_a").GetDouble());
    }

    [Fact]
    public void ClassifyReportsEveryTrajectoryAsJson()
    {
        string model = TinyModel();
        string sim = Path.Combine(_dir, "sim");
        Assert.Equal(0, CliHarness.Run("simulate", "tracer", "--model", "aoup", "--trajectories", "2", "--length", "80", "--out", sim).exit);
        var (exit, stdout, err) = CliHarness.Run("classify", Path.Combine(sim, "trajectories.npy"), "--dt", "0.05", "--model", model, "--json", "--fit-bootstrap", "4");
        Assert.True(exit == 0, err);
        using var doc = JsonDocument.Parse(stdout);
        var list = doc.RootElement.GetProperty("trajectories");
        Assert.Equal(2, list.GetArrayLength());
        foreach (var v in list.EnumerateArray())
        {
            Assert.InRange(v.GetProperty("p_active").GetDouble(), 0, 1);
            Assert.InRange(v.GetProperty("p_rbp").GetDouble(), 0, 1);
            Assert.True(v.GetProperty("d").GetDouble() > 0 && v.GetProperty("d_a").GetDouble() > 0);
            Assert.True(v.GetProperty("fit").GetProperty("d_a").GetDouble() >= 0);
        }
    }

    [Fact]
    public void ClassifyWorksOutOfTheBoxWithTheBuiltInModel()
    {
        string csv = Path.Combine(_dir, "one.csv");
        var (x, _) = EntropyScope.Models.Tracer.TracerEnsemble.Simulate(1, 300, new EntropyScope.Models.Tracer.TracerObservation(),
            _ => new EntropyScope.Models.Tracer.TracerParameters(EntropyScope.Models.Tracer.TracerModel.Aoup, 1, 0.5, 5, 1), seed: 3);
        File.WriteAllText(csv, "x\n" + string.Join("\n", x.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "\n");
        var (exit, stdout, err) = CliHarness.Run("classify", csv, "--dt", "0.05", "--json", "--fit-bootstrap", "0");
        Assert.True(exit == 0, err);
        Assert.Contains("built-in default model", err);
        Assert.Contains("prior", err);
        using var doc = JsonDocument.Parse(stdout);
        var v = doc.RootElement.GetProperty("trajectories")[0];
        Assert.Equal(300, v.GetProperty("length").GetInt32());
        Assert.InRange(v.GetProperty("p_active").GetDouble(), 0, 1);
        Assert.InRange(v.GetProperty("p_active_exact").GetDouble(), 0.5, 1);   // D_a = 5 ≫ D over 300 steps: clearly active
    }

    [Fact]
    public void ClassifyTakesTheBuiltInModelTrainedAtTheNearestDt()
    {
        string npy = Path.Combine(_dir, "dt05.npy");
        var (x, _) = EntropyScope.Models.Tracer.TracerEnsemble.Simulate(1, 600, new EntropyScope.Models.Tracer.TracerObservation { Dt = 0.5 },
            _ => new EntropyScope.Models.Tracer.TracerParameters(EntropyScope.Models.Tracer.TracerModel.Aoup, 1, 0.5, 5, 1), seed: 4);
        EntropyScope.IO.Npy.Write(npy, x, [600]);
        var (exit, stdout, err) = CliHarness.Run("classify", npy, "--dt", "0.5", "--json", "--fit-bootstrap", "0", "--no-exact");
        Assert.True(exit == 0, err);
        Assert.Contains("built-in default model dt0.5", err);
        Assert.DoesNotContain("differs from the model's training dt", err);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(0.5, doc.RootElement.GetProperty("model_dt").GetDouble());
        Assert.True(doc.RootElement.GetProperty("trajectories")[0].GetProperty("d_a").GetDouble() > 0);
    }

    [Fact]
    public void BadInputGivesOneLineAndExitTwo()
    {
        string model = TinyModel();
        string shortCsv = Path.Combine(_dir, "short.csv");
        File.WriteAllText(shortCsv, "0.1,0.2,0.3\n");
        string nanCsv = Path.Combine(_dir, "nan.csv");
        File.WriteAllText(nanCsv, string.Join(",", Enumerable.Range(0, 40).Select(i => i == 7 ? "NaN" : (0.01 * i).ToString(System.Globalization.CultureInfo.InvariantCulture))) + "\n");
        string good = Path.Combine(_dir, "good.csv");
        File.WriteAllText(good, string.Join("\n", Enumerable.Range(0, 40).Select(i => Math.Sin(i * 0.3).ToString(System.Globalization.CultureInfo.InvariantCulture))) + "\n");
        string oldModel = Path.Combine(_dir, "old-model");
        CopyDirectory(model, oldModel);
        string cfg = Path.Combine(oldModel, TracerModelBundle.ConfigFile);
        File.WriteAllText(cfg, File.ReadAllText(cfg).Replace($"\"format_version\": {TracerModelConfig.CurrentFormatVersion}", "\"format_version\": 0"));
        foreach (var (args, expect) in new[]
                 {
                     (new[] { "classify", shortCsv, "--dt", "0.05", "--model", model }, "at least"),
                     (new[] { "classify", nanCsv, "--dt", "0.05", "--model", model }, "NaN"),
                     (new[] { "classify", good, "--dt", "0", "--model", model }, "--dt"),
                     (new[] { "classify", good, "--dt", "-1", "--model", model }, "--dt"),
                     (new[] { "classify", good, "--dt", "0.05", "--model", oldModel }, "format version 0"),
                     (new[] { "classify", Path.Combine(_dir, "missing.npy"), "--dt", "0.05", "--model", model }, "not found"),
                     (new[] { "simulate", "tracer", "--model", "aoup", "--dt", "0", "--out", Path.Combine(_dir, "x") }, "--dt"),
                     (new[] { "simulate", "tracer", "--model", "levy", "--out", Path.Combine(_dir, "x") }, "levy"),
                     (new[] { "train-classifier", "--lengths", "5..2", "--out", Path.Combine(_dir, "y") }, "--lengths"),
                 })
        {
            var (exit, _, err) = CliHarness.Run(args);
            Assert.True(exit == 2, $"{string.Join(' ', args)} → exit {exit}: {err}");
            Assert.StartsWith("error: ", err.Trim());
            Assert.Contains(expect, err);
            Assert.Single(err.Trim().Split('\n'));
        }
        Assert.False(Directory.Exists(Path.Combine(_dir, "x")));
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from)) File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
    }
}
