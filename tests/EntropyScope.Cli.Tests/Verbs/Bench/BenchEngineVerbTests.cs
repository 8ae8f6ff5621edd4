using System.Text.Json;

namespace EntropyScope.Cli.Tests.Verbs.Bench;

public class BenchEngineVerbTests
{
    [Fact]
    public void QuickJsonHasThePeakAndEveryKernelEntry()
    {
        var (exit, stdout, _) = CliHarness.Run("bench", "engine", "--quick", "--json", "--threads", "1");
        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.True(root.GetProperty("fma_peak_gflops").GetDouble() > 0);
        Assert.Equal(2, root.GetProperty("gemm").GetArrayLength());
        var conv = root.GetProperty("conv").EnumerateArray().ToList();
        foreach (var layer in new[] { "conv1", "conv2", "conv3" })
        foreach (var part in new[] { "forward", "backward-data", "backward-weights", "layer forward+backward" })
            Assert.Contains(conv, e => e.GetProperty("name").GetString() == $"{layer} {part}");
        foreach (var e in root.GetProperty("gemm").EnumerateArray().Concat(conv))
        {
            Assert.True(e.GetProperty("gflops").GetDouble() > 0);
            Assert.True(e.GetProperty("fraction_of_peak").GetDouble() > 0);
            // every fraction is against the reported peak (the larger of the two peak measurements)
            // (the JSON rounds GFLOP/s to 2 decimals and fractions to 4, hence a relative tolerance)
            double expected = e.GetProperty("gflops").GetDouble() / root.GetProperty("fma_peak_gflops").GetDouble();
            Assert.InRange(e.GetProperty("fraction_of_peak").GetDouble(), 0.98 * expected - 1e-4, 1.02 * expected + 1e-4);
        }
    }

    [Fact]
    public void CpuTimeWithSeveralThreadsIsRejectedInOneLine()
    {
        var (exit, _, stderr) = CliHarness.Run("bench", "engine", "--quick", "--cpu-time", "--threads", "2");
        Assert.Equal(2, exit);
        Assert.StartsWith("error: --cpu-time", stderr.Trim());
    }

    [Fact]
    public void NonPositiveThreadCountIsRejected()
    {
        var (exit, _, stderr) = CliHarness.Run("bench", "engine", "--quick", "--threads", "0");
        Assert.Equal(2, exit);
        Assert.Contains("--threads", stderr);
    }

    [Fact]
    public void LayerRunsThatConvLayerOnly()
    {
        var (exit, stdout, _) = CliHarness.Run("bench", "engine", "--quick", "--json", "--threads", "1", "--layer", "conv2");
        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(0, doc.RootElement.GetProperty("gemm").GetArrayLength());
        var names = doc.RootElement.GetProperty("conv").EnumerateArray().Select(e => e.GetProperty("name").GetString()!).ToList();
        Assert.Equal(4, names.Count);
        Assert.All(names, n => Assert.StartsWith("conv2 ", n));
    }

    [Fact]
    public void PassesKeepEachEntryOnceAndAreReported()
    {
        var (exit, stdout, stderr) = CliHarness.Run("bench", "engine", "--quick", "--json", "--threads", "1", "--layer", "conv1", "--passes", "3");
        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(3, doc.RootElement.GetProperty("passes").GetInt32());
        var names = doc.RootElement.GetProperty("conv").EnumerateArray().Select(e => e.GetProperty("name").GetString()!).ToList();
        Assert.Equal(names.Distinct().Count(), names.Count);
        Assert.Equal(5, names.Count); // conv1: three products, the layer, the layer without the input gradient
        Assert.Contains("pass 3 of 3", stderr);
    }

    [Fact]
    public void ZeroPassesAreRejectedInOneLine()
    {
        var (exit, _, stderr) = CliHarness.Run("bench", "engine", "--quick", "--passes", "0");
        Assert.Equal(2, exit);
        Assert.StartsWith("error: --passes", stderr.Trim());
    }

    [Fact]
    public void UnknownLayerIsRejectedInOneLine()
    {
        var (exit, _, stderr) = CliHarness.Run("bench", "engine", "--quick", "--layer", "conv9");
        Assert.Equal(2, exit);
        Assert.StartsWith("error: --layer: no conv layer named 'conv9'", stderr.Trim());
    }
}
