using System.Text.Json;
using EntropyScope.IO;

namespace EntropyScope.Cli.Tests;

/// <summary>train/estimate --estimator neep|rneep on tiny trajectory sets; bad input: one `error:` line, exit 2, nothing written.</summary>
public class NeepVerbTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "es-neep-cli-" + Guid.NewGuid().ToString("N")[..8]);

    public NeepVerbTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    /// <summary>A drifting random walk (M, L, d) with an entropy.npy and truth.json beside it when <paramref name="truth"/>.</summary>
    private string Walks(string folder, int m, int l, int d, bool truth = false, bool nan = false)
    {
        var rng = new Random(3);
        var x = new double[m * l * d];
        for (int i = 0; i < m; i++)
            for (int t = 1; t < l; t++)
                for (int j = 0; j < d; j++)
                {
                    int k = (i * l + t) * d + j;
                    x[k] = x[k - d] + 0.3 + (rng.NextDouble() - 0.5);
                }
        if (nan) x[x.Length / 2] = double.NaN;
        string dir = Path.Combine(_root, folder);
        Directory.CreateDirectory(dir);
        Npy.Write<double>(Path.Combine(dir, "trajectories.npy"), x, m, l, d);
        if (truth)
        {
            Npy.Write<double>(Path.Combine(dir, "entropy.npy"), Enumerable.Repeat(0.05, m * (l - 1)).ToArray(), m, l - 1);
            File.WriteAllText(Path.Combine(dir, "truth.json"), "{\"model\": \"test\", \"dt\": 0.5, \"entropy_rate\": 0.1}");
        }
        return dir;
    }

    private string States(string name, int m, int l, int max)
    {
        var rng = new Random(4);
        var s = new long[m * l];
        for (int i = 0; i < s.Length; i++) s[i] = rng.Next(max + 1);
        string path = Path.Combine(_root, name);
        Npy.Write<long>(path, s, m, l);
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
    public void Train_and_estimate_a_tiny_trajectory_set_with_truth()
    {
        string data = Walks("walks", 5, 60, 2, truth: true);
        string run = Path.Combine(_root, "run");
        // a folder with trajectories.npy and no movies.npy is detected as trajectories (neep)
        var (exit, stdout, err) = CliHarness.Run("train", data, "--out", run, "--hidden", "8", "--layers", "2", "--iterations", "20",
            "--batch", "32", "--eval-every", "10", "--json");
        Assert.True(exit == 0, err);
        using (var doc = JsonDocument.Parse(stdout))
        {
            var r = doc.RootElement;
            Assert.Equal("neep", r.GetProperty("estimator").GetString());
            Assert.Equal(0.5, r.GetProperty("dt").GetDouble());   // from truth.json
            foreach (string f in new[] { "entropy_rate_estimate", "entropy_rate_estimate_std", "entropy_rate_true", "ratio", "r2", "best_iteration", "train_seconds" })
                Assert.True(r.TryGetProperty(f, out _), f);
            Assert.False(r.GetProperty("lower_bound").GetBoolean());
        }
        Assert.True(File.Exists(Path.Combine(run, "estimator-1", "best.safetensors")));
        string est = Path.Combine(_root, "est");
        var (exit2, stdout2, err2) = CliHarness.Run("estimate", run, data, "--out", est, "--json");
        Assert.True(exit2 == 0, err2);
        using (var doc = JsonDocument.Parse(stdout2))
        {
            var r = doc.RootElement;
            Assert.Equal(0.1, r.GetProperty("entropy_rate_true").GetDouble());
            Assert.Equal(r.GetProperty("entropy_rate_estimate").GetDouble() / 0.1, r.GetProperty("ratio").GetDouble(), 9);
            Assert.Equal(5 * 59, r.GetProperty("windows").GetInt64());
        }
        using var ds = NpyArray.Open(Path.Combine(est, "delta_s.npy"));
        Assert.Equal(new[] { 1, 5, 59 }, ds.Shape);
        Assert.True(File.Exists(Path.Combine(est, "summary.json")));
    }

    [Fact]
    public void Rneep_on_discrete_states_reports_a_lower_bound()
    {
        string states = States("states.npy", 1, 400, 2);
        string run = Path.Combine(_root, "rrun");
        var (exit, stdout, err) = CliHarness.Run("train", states, "--estimator", "rneep", "--window", "4", "--hidden", "8", "--out", run,
            "--iterations", "10", "--batch", "16", "--eval-every", "5", "--json");
        Assert.True(exit == 0, err);
        Assert.Contains("lower bound", err);
        using var doc = JsonDocument.Parse(stdout);
        Assert.True(doc.RootElement.GetProperty("lower_bound").GetBoolean());
        Assert.Equal(4, doc.RootElement.GetProperty("window").GetInt32());
        // estimate on states outside the trained range 0..2
        string est = Path.Combine(_root, "rest");
        AssertBadInput("outside the declared range 0..2", est, "estimate", run, States("wide.npy", 1, 100, 5), "--out", est);
        var (exit2, _, err2) = CliHarness.Run("estimate", run, states, "--out", est);
        Assert.True(exit2 == 0, err2);
        Assert.Contains("lower bound", err2);
    }

    [Fact]
    public void Train_rejects_bad_trajectories_without_writing()
    {
        string run = Path.Combine(_root, "bad");
        AssertBadInput("is NaN", run, "train", Walks("nan", 3, 40, 2, nan: true), "--out", run);
        string one = Path.Combine(_root, "one.npy");
        Npy.Write<double>(one, [1.0, 2.0], 2, 1, 1);   // two trajectories of one step
        AssertBadInput("at least 2 steps", run, "train", one, "--estimator", "neep", "--out", run);
        AssertBadInput("outside the declared range 0..2", run, "train", States("s5.npy", 2, 50, 5), "--estimator", "neep", "--states", "3", "--out", run);
        AssertBadInput("window", run, "train", States("short.npy", 1, 20, 2), "--estimator", "rneep", "--window", "32", "--out", run);
        AssertBadInput("--window must be 2", run, "train", States("s2.npy", 1, 200, 2), "--estimator", "neep", "--window", "3", "--out", run);
        AssertBadInput("--estimator", run, "train", States("s3.npy", 1, 200, 2), "--estimator", "maxent", "--out", run);
        AssertBadInput("--window-input applies to cneep", run, "train", Walks("wi", 3, 40, 2), "--estimator", "neep", "--window-input", "differences", "--out", run);
        string csv = Path.Combine(_root, "ragged.csv");
        File.WriteAllText(csv, "trajectory,x,y\n1,0.1,0.2\n1,0.3\n");
        AssertBadInput("line 3", run, "train", csv, "--out", run);
    }

    [Fact]
    public void Estimate_rejects_trajectories_of_another_dimension()
    {
        string run = Path.Combine(_root, "dimrun");
        var (exit, _, err) = CliHarness.Run("train", Walks("d2", 3, 40, 2), "--out", run, "--hidden", "4", "--iterations", "2", "--batch", "8", "--eval-every", "1");
        Assert.True(exit == 0, err);
        string est = Path.Combine(_root, "dimest");
        AssertBadInput("3 coordinates but the run was trained on 2", est, "estimate", run, Walks("d3", 3, 40, 3), "--out", est);
    }
}
