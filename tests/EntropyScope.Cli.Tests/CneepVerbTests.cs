using EntropyScope.IO;

namespace EntropyScope.Cli.Tests;

/// <summary>Bad input to train/estimate/map: one `error:` line, exit 2, nothing written.</summary>
public class CneepVerbTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "es-cneep-cli-" + Guid.NewGuid().ToString("N")[..8]);

    public CneepVerbTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    private string Movies(string name, int m, int l, int h, int w, bool nan = false)
    {
        var rng = new Random(1);
        var data = new float[m * l * h * w];
        for (int i = 0; i < data.Length; i++) data[i] = (float)rng.NextDouble() * 255;
        if (nan) data[data.Length / 2] = float.NaN;
        string path = Path.Combine(_root, name);
        Npy.Write<float>(path, data, m, l, h, w);
        return path;
    }

    private void AssertBadInput(string contains, string outPath, params string[] args)
    {
        var (exit, _, stderr) = CliHarness.Run(args);
        Assert.Equal(2, exit);
        string line = stderr.Trim().Split('\n')[^1];
        Assert.StartsWith("error:", line);
        Assert.Contains(contains, line);
        Assert.False(Directory.Exists(outPath) || File.Exists(outPath), $"{outPath} was written");
    }

    [Fact]
    public void Train_rejects_bad_input_without_writing()
    {
        string run = Path.Combine(_root, "run");
        AssertBadInput("at least 3", run, "train", Movies("short.npy", 3, 2, 20, 40), "--dt", "0.01", "--out", run);
        AssertBadInput("at least 2 are needed", run, "train", Movies("one.npy", 1, 50, 20, 40), "--dt", "0.01", "--out", run);
        AssertBadInput("NaN", run, "train", Movies("nan.npy", 5, 30, 20, 40, nan: true), "--dt", "0.01", "--out", run);
        AssertBadInput("too small", run, "train", Movies("tiny.npy", 5, 30, 2, 2), "--dt", "0.01", "--out", run);
        AssertBadInput("--dt", run, "train", Movies("ok.npy", 5, 30, 20, 40), "--dt", "0", "--out", run);
        AssertBadInput("--dt", run, "train", Movies("ok2.npy", 5, 30, 20, 40), "--dt", "-1", "--out", run);
        AssertBadInput("--window-input", run, "train", Movies("ok3.npy", 5, 30, 20, 40), "--dt", "0.01", "--window-input", "sums", "--out", run);
        AssertBadInput("needs --depth 3", run, "train", Movies("ok5.npy", 5, 30, 20, 40), "--dt", "0.01", "--last-block-convs", "1", "--out", run);
        AssertBadInput("must be 1 or 2", run, "train", Movies("ok6.npy", 5, 30, 20, 40), "--dt", "0.01", "--depth", "3", "--last-block-convs", "3", "--out", run);
        AssertBadInput("must be odd, from 3 to 9", run, "train", Movies("ok7.npy", 5, 30, 20, 40), "--dt", "0.01", "--last-block-first-kernel", "4", "--out", run);
        AssertBadInput("--init-from", run, "train", Movies("ok4.npy", 5, 30, 20, 40), "--dt", "0.01", "--init-from", Path.Combine(_root, "no-run"), "--out", run);
    }

    [Fact]
    public void Train_rejects_mismatched_frame_sizes()
    {
        string folder = Path.Combine(_root, "mixed");
        Directory.CreateDirectory(folder);
        Npy.Write<float>(Path.Combine(folder, "a.npy"), new float[30 * 20 * 40], 30, 20, 40);
        Npy.Write<float>(Path.Combine(folder, "b.npy"), new float[30 * 20 * 44], 30, 20, 44);
        string run = Path.Combine(_root, "run-mixed");
        var (exit, _, stderr) = CliHarness.Run("train", folder, "--dt", "0.01", "--out", run);
        Assert.Equal(2, exit);
        Assert.StartsWith("error:", stderr.Trim());
        Assert.False(Directory.Exists(run));
    }

    [Fact]
    public void Estimate_rejects_an_unreadable_checkpoint()
    {
        string movies = Movies("train.npy", 5, 40, 20, 40);
        string run = Path.Combine(_root, "run-ok");
        var (exit, _, err) = CliHarness.Run("train", movies, "--dt", "0.01", "--out", run, "--channels", "4", "--iterations", "2",
            "--batch", "8", "--eval-every", "1");
        Assert.True(exit == 0, err);
        File.WriteAllText(Path.Combine(run, "estimator-1", "best.safetensors"), "not a checkpoint");
        string est = Path.Combine(_root, "est");
        AssertBadInput("unreadable checkpoint", est, "estimate", run, movies, "--out", est);
        string png = Path.Combine(_root, "map.png");
        AssertBadInput("unreadable checkpoint", png, "map", run, movies, "--out", png);
        // resuming from a corrupt training checkpoint is bad input too
        File.WriteAllText(Path.Combine(run, "estimator-1", "checkpoint.safetensors"), "garbage");
        File.Delete(Path.Combine(run, "estimator-1", "summary.json"));
        var (exit2, _, err2) = CliHarness.Run("train", movies, "--dt", "0.01", "--out", run, "--resume");
        Assert.Equal(2, exit2);
        Assert.Contains("unreadable checkpoint", err2);
    }

    /// <summary>--resume continues with the run's own config.json, so the options that made the run (--dt) are not asked again.</summary>
    [Fact]
    public void Train_resume_needs_only_the_run_folder()
    {
        string movies = Movies("resume.npy", 5, 40, 20, 40);
        string run = Path.Combine(_root, "run-resume");
        var (exit, _, err) = CliHarness.Run("train", movies, "--dt", "0.01", "--out", run, "--channels", "4", "--iterations", "4",
            "--batch", "8", "--eval-every", "2", "--checkpoint-minutes", "0");
        Assert.True(exit == 0, err);
        string log = File.ReadAllText(Path.Combine(run, "estimator-1", "train_log.csv"));
        File.Delete(Path.Combine(run, "estimator-1", "summary.json"));   // unfinished again: resume must reload, not skip

        var (exit2, _, err2) = CliHarness.Run("train", movies, "--out", run, "--resume");
        Assert.True(exit2 == 0, err2);
        Assert.True(File.Exists(Path.Combine(run, "estimator-1", "summary.json")), err2);
        Assert.StartsWith(log.TrimEnd(), File.ReadAllText(Path.Combine(run, "estimator-1", "train_log.csv")));

        // without a run to resume, --dt is still required, and nothing is written
        string fresh = Path.Combine(_root, "run-fresh");
        AssertBadInput("--dt is required", fresh, "train", movies, "--out", fresh, "--resume");
    }

    [Fact]
    public void Estimate_rejects_movies_of_another_frame_size()
    {
        string movies = Movies("t2.npy", 5, 40, 20, 40);
        string run = Path.Combine(_root, "run-size");
        var (exit, _, err) = CliHarness.Run("train", movies, "--dt", "0.01", "--out", run, "--channels", "4", "--iterations", "1", "--batch", "8");
        Assert.True(exit == 0, err);
        string est = Path.Combine(_root, "est-size");
        AssertBadInput("trained on 20×40", est, "estimate", run, Movies("other.npy", 2, 40, 24, 40), "--out", est);
    }

    [Fact]
    public void Train_estimate_map_write_the_documented_files()
    {
        string movies = Movies("e2e.npy", 5, 41, 20, 40);
        string run = Path.Combine(_root, "run-e2e");
        var (exit, stdout, err) = CliHarness.Run("train", movies, "--dt", "0.01", "--out", run, "--channels", "4", "--iterations", "4",
            "--batch", "8", "--eval-every", "2", "--estimators", "2", "--json");
        Assert.True(exit == 0, err);
        Assert.Contains("\"best_iteration\"", stdout);
        foreach (string f in new[] { "config.json", "summary.json", "estimator-1/train_log.csv", "estimator-1/best.safetensors",
                     "estimator-1/checkpoint.safetensors", "estimator-1/summary.json", "estimator-2/best.safetensors" })
            Assert.True(File.Exists(Path.Combine(run, f)), f);
        Assert.Equal(4, File.ReadAllLines(Path.Combine(run, "estimator-1", "train_log.csv")).Length);   // header + iterations 0, 2, 4
        using (var config = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "config.json"))))
        {
            // CNEEP's defaults: peak lr 5e-4, parameter averaging on, conv1 learned on the frames
            Assert.Equal(0.998, config.RootElement.GetProperty("parameter_average").GetDouble());
            Assert.Equal(5e-4, config.RootElement.GetProperty("learning_rate").GetDouble());
            Assert.Equal("frames", config.RootElement.GetProperty("window_input").GetString());
        }

        string est = Path.Combine(_root, "est-e2e");
        (exit, stdout, err) = CliHarness.Run("estimate", run, movies, "--out", est, "--json");
        Assert.True(exit == 0, err);
        using var doc = System.Text.Json.JsonDocument.Parse(stdout);
        foreach (string field in new[] { "entropy_rate_estimate", "entropy_rate_estimate_std", "entropy_rate_true", "ratio", "r2", "best_iteration", "train_seconds" })
            Assert.True(doc.RootElement.TryGetProperty(field, out _), field);
        Assert.Equal(2, doc.RootElement.GetProperty("estimators").GetInt32());
        using (var ds = NpyArray.Open(Path.Combine(est, "delta_s.npy"))) Assert.Equal(new[] { 2, 5, 40 }, ds.Shape);
        using (var map = NpyArray.Open(Path.Combine(est, "map.npy"))) Assert.Equal(new[] { 5, 10 }, map.Shape);
        using (var maps = NpyArray.Open(Path.Combine(est, "map_per_movie.npy"))) Assert.Equal(new[] { 2, 5, 5, 10 }, maps.Shape);

        string png = Path.Combine(_root, "e2e.png");
        (exit, _, err) = CliHarness.Run("map", run, movies, "--out", png);
        Assert.True(exit == 0, err);
        Assert.Equal(new byte[] { 137, 80, 78, 71 }, File.ReadAllBytes(png)[..4]);
    }
}
