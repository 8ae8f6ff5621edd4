using System.Text.Json.Nodes;
using EntropyScope.IO;

namespace EntropyScope.Cli.Tests;

public class MaxEntVerbTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "es-maxent-" + Guid.NewGuid().ToString("N")[..8]);

    public MaxEntVerbTests() => Directory.CreateDirectory(_dir);
    public void Dispose() { try { Directory.Delete(_dir, true); } catch (IOException) { } }

    private string P(string name) => Path.Combine(_dir, name);

    [Fact]
    public void SimulateIsingThenPerUnitMaxEnt()
    {
        var (exit, _, err) = CliHarness.Run("simulate", "ising", "--spins", "6", "--k", "3", "--beta", "1.5", "--samples-per-spin", "4000", "--restarts", "100", "--seed", "3", "--out", P("sim"));
        Assert.True(exit == 0, err);
        foreach (var f in new[] { "states.npy", "flips.npy", "couplings.npy", "truth.json" }) Assert.True(File.Exists(P("sim/" + f)), f);
        using (var st = NpyArray.Open(P("sim/states.npy"))) Assert.Equal(new[] { 4000, 6 }, st.Shape);
        var truth = JsonNode.Parse(File.ReadAllText(P("sim/truth.json")))!;
        double rate = truth["entropy_rate"]!.GetValue<double>();
        Assert.Equal(rate * 6, truth["entropy_rate_per_sweep"]!.GetValue<double>(), 1e-12);
        Assert.Equal("exact enumeration", truth["entropy_rate_source"]!.GetValue<string>());

        (exit, var stdout, err) = CliHarness.Run("maxent", "--spin-flips", P("sim"), "--order", "1,2", "--json", "--out", P("est"));
        Assert.True(exit == 0, err);
        var s = JsonNode.Parse(stdout)!;
        Assert.Equal(rate, s["true_entropy_production"]!.GetValue<double>(), 1e-12);
        double ep = s["entropy_production"]!.GetValue<double>();
        Assert.InRange(ep, 0.5 * rate, rate + 0.05);
        Assert.Equal(2, s["hierarchy"]!.AsArray().Count);
        Assert.NotNull(s["tur_bound"]);
        Assert.NotNull(s["newton_estimate"]);
        using var sig = NpyArray.Open(P("est/sigma.npy"));
        Assert.Equal(new[] { 4000, 6 }, sig.Shape);
        using var th = NpyArray.Open(P("est/theta.npy"));
        Assert.Equal(new[] { 6, 6 }, th.Shape);
    }

    /// <summary>Synchronous updates change several spins per step: `maxent --spin-flips` must see next_states.npy and
    /// solve the joint pair-observable problem (the per-unit decomposition would be wrong here).</summary>
    [Fact]
    public void SimulateParallelIsingThenJointMaxEnt()
    {
        var (exit, _, err) = CliHarness.Run("simulate", "ising", "--spins", "6", "--k", "3", "--beta", "1", "--parallel", "--samples-per-spin", "20000", "--restarts", "100", "--seed", "4", "--out", P("par"));
        Assert.True(exit == 0, err);
        Assert.True(File.Exists(P("par/next_states.npy")));
        double rate = JsonNode.Parse(File.ReadAllText(P("par/truth.json")))!["entropy_rate"]!.GetValue<double>();

        (exit, var stdout, err) = CliHarness.Run("maxent", "--spin-flips", P("par"), "--order", "1,2", "--json", "--out", P("est"));
        Assert.True(exit == 0, err);
        var s = JsonNode.Parse(stdout)!;
        Assert.StartsWith("spin transitions", s["mode"]!.GetValue<string>());
        Assert.Equal(rate, s["true_entropy_production"]!.GetValue<double>(), 1e-12);
        Assert.Equal(6 + 15, s["dimension"]!.GetValue<int>());
        Assert.InRange(s["entropy_production"]!.GetValue<double>(), 0.7 * rate, rate + 0.05);
        Assert.InRange(s["tur_bound"]!.GetValue<double>(), 0, s["entropy_production"]!.GetValue<double>() + 0.05);
    }

    private void WriteObservables(string name, float[] g, int n, int m) => Npy.Write<float>(P(name), g, n, m);

    private static float[] Biased(int n, int m, int seed)
    {
        var rng = new Random(seed);
        var g = new float[n * m];
        for (int k = 0; k < g.Length; k++) g[k] = (float)(rng.NextDouble() < 0.6 ? 1 : -1) * (float)(0.5 + rng.NextDouble());
        return g;
    }

    [Fact]
    public void AntisymmetricObservablesGiveAPositiveBoundAndFiles()
    {
        WriteObservables("g.npy", Biased(3000, 2, 1), 3000, 2);
        var (exit, stdout, err) = CliHarness.Run("maxent", P("g.npy"), "--antisymmetric", "--solver", "newton", "--json", "--out", P("o"));
        Assert.True(exit == 0, err);
        var s = JsonNode.Parse(stdout)!;
        Assert.True(s["entropy_production"]!.GetValue<double>() > 0.05);
        Assert.False(s["capped"]!.GetValue<bool>());
        foreach (var f in new[] { "summary.json", "sigma.npy", "theta.npy" }) Assert.True(File.Exists(P("o/" + f)), f);
    }

    [Fact]
    public void BadInputsExitTwoWithOneLineAndNoOutput()
    {
        var g = Biased(200, 3, 2);
        WriteObservables("ok.npy", g, 200, 3);
        var nan = (float[])g.Clone(); nan[7] = float.NaN;
        WriteObservables("nan.npy", nan, 200, 3);
        WriteObservables("narrow.npy", Biased(200, 2, 3), 200, 2);
        var cons = (float[])g.Clone(); for (int k = 0; k < 200; k++) cons[k * 3 + 1] = 0.5f;
        WriteObservables("const.npy", cons, 200, 3);
        WriteObservables("few.npy", Biased(5, 3, 4), 5, 3);
        string[][] cases =
        [
            ["maxent", P("nan.npy"), "--antisymmetric", "--out", P("x")],
            ["maxent", P("ok.npy"), "--reverse", P("narrow.npy"), "--out", P("x")],
            ["maxent", P("const.npy"), "--antisymmetric", "--out", P("x")],
            ["maxent", P("few.npy"), "--antisymmetric", "--out", P("x")],
            ["maxent", P("ok.npy"), "--out", P("x")],
            ["maxent", P("missing.npy"), "--antisymmetric", "--out", P("x")],
        ];
        foreach (var args in cases)
        {
            var (exit, _, err) = CliHarness.Run(args);
            Assert.True(exit == 2, $"{string.Join(' ', args)} → {exit}: {err}");
            Assert.StartsWith("error: ", err.Trim().Split('\n')[^1]);
            Assert.False(Directory.Exists(P("x")));
        }
        var (e2, _, err2) = CliHarness.Run("maxent", P("const.npy"), "--antisymmetric", "--drop-constant", "--out", P("y"));
        Assert.True(e2 == 0, err2);
        Assert.Contains("warning: dropped 1 constant", err2);
    }

    [Fact]
    public void SpikeRasterAndCsvAgree()
    {
        // three units firing in a noisy cycle 0 → 1 → 2 → 0: irreversible pairwise order
        var rng = new Random(5);
        int t = 6000, n = 3;
        var raster = new byte[t * n];
        int phase = 0;
        var csv = new System.Text.StringBuilder("unit,time\n");
        for (int k = 0; k < t; k++)
        {
            if (rng.NextDouble() < 0.7) phase = (phase + 1) % 3;
            raster[k * n + phase] = 1;
            csv.Append($"{phase},{k * 0.01 + 0.001:F4}\n");
            if (rng.NextDouble() < 0.1) { int u = rng.Next(n); raster[k * n + u] = 1; csv.Append($"{u},{k * 0.01 + 0.005:F4}\n"); }
        }
        Npy.Write<byte>(P("spikes.npy"), raster, t, n);
        File.WriteAllText(P("spikes.csv"), csv.ToString());
        var (e1, o1, err1) = CliHarness.Run("maxent", P("spikes.npy"), "--spikes", "--order", "1,2", "--json", "--out", P("a"));
        Assert.True(e1 == 0, err1);
        var (e2, o2, err2) = CliHarness.Run("maxent", P("spikes.csv"), "--spikes", "--bin", "0.01", "--order", "1,2", "--json", "--out", P("b"));
        Assert.True(e2 == 0, err2);
        var s1 = JsonNode.Parse(o1)!; var s2 = JsonNode.Parse(o2)!;
        double ep = s1["entropy_production"]!.GetValue<double>();
        Assert.True(ep > 0.2, $"spike EP {ep}");
        Assert.Equal(ep, s2["entropy_production"]!.GetValue<double>(), 1e-9);
        Assert.True(s1["entropy_production_per_spike"]!.GetValue<double>() > 0);
        var h = s1["hierarchy"]!.AsArray();
        Assert.True(h[1]!["entropy_production"]!.GetValue<double>() > h[0]!["entropy_production"]!.GetValue<double>());
        var (e3, _, err3) = CliHarness.Run("maxent", P("spikes.csv"), "--spikes", "--out", P("c"));
        Assert.Equal(2, e3);
        Assert.Contains("--bin", err3);
    }

    [Fact]
    public void NestedHierarchyAndDependentObservablesWarning()
    {
        var g = Biased(2000, 2, 9);
        var wide = new float[2000 * 3];
        for (int k = 0; k < 2000; k++) { wide[k * 3] = g[k * 2]; wide[k * 3 + 1] = g[k * 2 + 1]; wide[k * 3 + 2] = g[k * 2] + g[k * 2 + 1]; }
        WriteObservables("dep.npy", wide, 2000, 3);
        var (exit, stdout, err) = CliHarness.Run("maxent", P("dep.npy"), "--antisymmetric", "--nested", "1,3", "--json", "--out", P("h"));
        Assert.True(exit == 0, err);
        Assert.Contains("warning: regularised: the observables are linearly dependent (covariance rank 2 < 3)", err);
        var s = JsonNode.Parse(stdout)!;
        var h = s["hierarchy"]!.AsArray();
        Assert.Equal(2, h.Count);
        Assert.Equal(1, h[0]!["dimension"]!.GetValue<int>());
        double s1 = h[0]!["entropy_production"]!.GetValue<double>(), s2 = h[1]!["entropy_production"]!.GetValue<double>();
        Assert.Equal(s2 - s1, h[1]!["increment"]!.GetValue<double>(), 1e-12);
        Assert.Equal(s2, s["entropy_production"]!.GetValue<double>(), 1e-12);
        Assert.Contains(s["notes"]!.AsArray(), n => n!.GetValue<string>().Contains("linearly dependent"));
    }

    [Fact]
    public void SimulateIsingParallelWritesNextStatesAndExactRate()
    {
        var (exit, stdout, err) = CliHarness.Run("simulate", "ising", "--spins", "4", "--k", "2", "--beta", "1", "--parallel", "--samples-per-spin", "500", "--restarts", "10", "--json", "--out", P("par"));
        Assert.True(exit == 0, err);
        var t = JsonNode.Parse(stdout)!;
        Assert.Equal("parallel", t["dynamics"]!.GetValue<string>());
        Assert.Equal(t["exact_entropy_rate"]!.GetValue<double>(), t["entropy_rate"]!.GetValue<double>());
        using var ns = NpyArray.Open(P("par/next_states.npy"));
        Assert.Equal(new[] { 500, 4 }, ns.Shape);
        var (e2, _, err2) = CliHarness.Run("simulate", "ising", "--spins", "1", "--beta", "1", "--out", P("bad"));
        Assert.Equal(2, e2);
        Assert.Contains("--spins", err2);
    }
}
