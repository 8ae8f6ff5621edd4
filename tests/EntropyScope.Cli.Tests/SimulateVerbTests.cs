using System.Text.Json;

namespace EntropyScope.Cli.Tests;

public sealed class SimulateVerbTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("es-sim-cli-").FullName;
    public void Dispose() { try { Directory.Delete(_root, true); } catch (IOException) { } }
    private string Out(string name) => Path.Combine(_root, name);

    [Theory]
    [InlineData("bead-spring")]
    [InlineData("filaments")]
    [InlineData("ratchet")]
    public void SubcommandsAnswerHelp(string model)
    {
        var (exit, stdout, _) = CliHarness.Run("simulate", model, "--help");
        Assert.Equal(0, exit);
        Assert.Contains("--out", stdout);
    }

    [Fact]
    public void BeadSpringWritesFolderAndJson()
    {
        var (exit, stdout, stderr) = CliHarness.Run("simulate", "bead-spring", "--movies", "2", "--frames", "200", "--noise", "shot", "--alpha", "0.2", "--seed", "4", "--out", Out("bs"), "--json");
        Assert.True(exit == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(2.025, doc.RootElement.GetProperty("entropy_rate").GetDouble(), 10);
        // The pair ceiling of the chain that made the data (Euler–Maruyama by default): 1.0076σ, not the exact-OU 0.980σ.
        using var truth = JsonDocument.Parse(File.ReadAllText(Out("bs/truth.json")));
        Assert.Equal(2.040302267002314, truth.RootElement.GetProperty("pair_entropy_rate").GetDouble(), 10);
        foreach (var f in new[] { "movies.npy", "trajectories.npy", "entropy.npy", "truth.json" }) Assert.True(File.Exists(Out("bs/" + f)), f);
    }

    [Fact]
    public void ExactStepDataCarryTheExactOuPairCeiling()
    {
        var (exit, _, stderr) = CliHarness.Run("simulate", "bead-spring", "--movies", "1", "--frames", "20", "--integrator", "exact", "--out", Out("bs-exact"));
        Assert.True(exit == 0, stderr);
        using var truth = JsonDocument.Parse(File.ReadAllText(Out("bs-exact/truth.json")));
        Assert.Equal(0.9800671844714348 * 2.025, truth.RootElement.GetProperty("pair_entropy_rate").GetDouble(), 10);
    }

    [Fact]
    public void FilamentsAndRatchetRun()
    {
        var (exit, _, stderr) = CliHarness.Run("simulate", "filaments", "--nodes", "3", "--movies", "1", "--frames", "50", "--integrator", "exact", "--out", Out("fil"));
        Assert.True(exit == 0, stderr);
        (exit, _, stderr) = CliHarness.Run("simulate", "ratchet", "--potential", "3", "--steps", "1000", "--out", Out("r"));
        Assert.True(exit == 0, stderr);
        Assert.True(File.Exists(Out("r/trajectories.npy")));
    }

    [Theory]
    [InlineData("--beads", "0", "--beads")]
    [InlineData("--tc", "0", "--tc")]
    [InlineData("--th", "-3", "--th")]
    [InlineData("--dt", "0", "--dt")]
    [InlineData("--alpha", "-0.1", "--alpha")]
    [InlineData("--crop", "30,0,20,20", "--crop")]
    [InlineData("--frames", "1", "--frames")]
    [InlineData("--movies", "0", "--movies")]
    [InlineData("--noise", "salt", "--noise")]
    [InlineData("--std", "0", "--std")]
    public void BeadSpringBadInput(string option, string value, string named)
    {
        var args = new List<string> { "simulate", "bead-spring", option, value, "--out", Out("bad") };
        if (option != "--frames") args.AddRange(["--frames", "20"]);
        if (option != "--movies") args.AddRange(["--movies", "1"]);
        var (exit, _, stderr) = CliHarness.Run([.. args]);
        Assert.Equal(2, exit);
        Assert.StartsWith("error: ", stderr.Trim());
        Assert.Contains(named, stderr);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.Empty(Directory.GetFileSystemEntries(_root));
    }

    [Theory]
    [InlineData("--p-hot", "1.5")]
    [InlineData("--p-hot", "-0.1")]
    [InlineData("--nodes", "0")]
    [InlineData("--crop", "0,0,100,10")]
    public void FilamentsBadInput(string option, string value)
    {
        var (exit, _, stderr) = CliHarness.Run("simulate", "filaments", "--movies", "1", "--frames", "20", option, value, "--out", Out("bad"));
        Assert.Equal(2, exit);
        Assert.Contains(option, stderr);
        Assert.Empty(Directory.GetFileSystemEntries(_root));
    }

    [Fact]
    public void RatchetBadInput()
    {
        var (exit, _, stderr) = CliHarness.Run("simulate", "ratchet", "--potential", "2", "--steps", "1", "--out", Out("bad"));
        Assert.Equal(2, exit);
        Assert.Contains("--steps", stderr);
        (exit, _, stderr) = CliHarness.Run("simulate", "ratchet", "--potential", "2", "--temperature", "0", "--out", Out("bad"));
        Assert.Equal(2, exit);
        Assert.Contains("--temperature", stderr);
        Assert.Empty(Directory.GetFileSystemEntries(_root));
    }

    [Fact]
    public void TiffAndTrajectoryOnlyOptions()
    {
        var (exit, _, stderr) = CliHarness.Run("simulate", "bead-spring", "--movies", "2", "--frames", "30", "--tiff", "--out", Out("tif"));
        Assert.True(exit == 0, stderr);
        Assert.True(File.Exists(Out("tif/tiff/movie_0001.tif")));
        (exit, _, stderr) = CliHarness.Run("simulate", "bead-spring", "--high-dim", "--beads", "16", "--movies", "1", "--frames", "30", "--no-movies", "--out", Out("hd"));
        Assert.True(exit == 0, stderr);
        Assert.False(File.Exists(Out("hd/movies.npy")));
        (exit, _, stderr) = CliHarness.Run("simulate", "bead-spring", "--no-movies", "--noise", "random", "--alpha", "0.1", "--out", Out("bad"));
        Assert.Equal(2, exit);
        Assert.Contains("--no-movies", stderr);
        (exit, _, stderr) = CliHarness.Run("simulate", "bead-spring", "--high-dim", "--beads", "10", "--out", Out("bad"));
        Assert.Equal(2, exit);
        Assert.Contains("--high-dim", stderr);
        Assert.False(Directory.Exists(Out("bad")));
    }

    [Fact]
    public void RefusesToReplaceAnOrdinaryFolder()
    {
        Directory.CreateDirectory(Out("home"));
        File.WriteAllText(Out("home/thesis.tex"), "x");
        var (exit, _, stderr) = CliHarness.Run("simulate", "ratchet", "--potential", "1", "--steps", "10", "--out", Out("home"));
        Assert.Equal(2, exit);
        Assert.Contains("not a simulation folder", stderr);
        Assert.True(File.Exists(Out("home/thesis.tex")));
    }

    [Fact]
    public void BenchSimulateSmallRun()
    {
        var (exit, stdout, stderr) = CliHarness.Run("bench", "simulate", "--movies", "2", "--frames", "500", "--json");
        Assert.True(exit == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.True(doc.RootElement.GetProperty("output_bytes").GetInt64() > 2 * 500 * 800);
    }
}
