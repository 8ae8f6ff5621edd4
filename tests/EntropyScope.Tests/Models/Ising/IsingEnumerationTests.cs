using EntropyScope.Models.Ising;

namespace EntropyScope.Tests.Models.Ising;

public class IsingEnumerationTests
{
    // reference-numbers.md §1.4 (row i = field on spin i)
    private static readonly double[,] J3 = { { 0, 1.0, -0.5 }, { 0.3, 0, 0.8 }, { -1.0, 0.2, 0 } };

    [Theory]
    [InlineData(0.5, 0.05358666, 0.24417660)]
    [InlineData(1.0, 0.20680565, 0.69114726)]
    [InlineData(2.0, 0.64982707, 0.82290342)]
    public void ThreeSpinFixtureMatches(double beta, double sequential, double parallel)
    {
        var j = IsingCouplings.FromDense(J3);
        var seq = IsingEnumeration.Of(j, beta, parallel: false);
        Assert.Equal(sequential, seq.EntropyRate, 1e-7);
        Assert.Equal(seq.EntropyRate, seq.HeatRate, 1e-12);
        Assert.Equal(parallel, IsingEnumeration.Of(j, beta, parallel: true).EntropyRate, 1e-7);
    }

    [Fact]
    public void StationaryIsInvariant()
    {
        var j = IsingCouplings.Random(6, 3, 0.2, 1, seed: 3);
        var e = IsingEnumeration.Of(j, 1.5, parallel: false);
        var w = e.Transitions();
        int s = 1 << 6;
        for (int c = 0; c < s; c++)
        {
            double v = 0;
            for (int b = 0; b < s; b++) v += e.Stationary[b] * w[b * s + c];
            Assert.Equal(e.Stationary[c], v, 1e-12);
        }
    }

    [Fact]
    public void SamplerMatchesExactEntropyRate()
    {
        var j = IsingCouplings.Random(5, 3, 0, 1, seed: 11);
        var exact = IsingEnumeration.Of(j, 2.0, parallel: false).EntropyRate;
        var s = IsingSampler.Run(j, new IsingSamplerOptions { Beta = 2.0, SamplesPerSpin = 40_000, Restarts = 100, Seed = 1 });
        Assert.Equal(exact, s.RateEntropyRate, 0.1 * exact);
        Assert.Equal(exact, s.EmpiricalEntropyRate, 0.15 * exact);
        var p = IsingSampler.Run(j, new IsingSamplerOptions { Beta = 2.0, SamplesPerSpin = 40_000, Restarts = 100, Seed = 1, Parallel = true });
        double exactP = IsingEnumeration.Of(j, 2.0, parallel: true).EntropyRate;
        Assert.Equal(exactP, p.RateEntropyRate, 0.1 * exactP);
    }

    [Fact]
    public void SamplerIsDeterministicAcrossThreadCounts()
    {
        var j = IsingCouplings.Random(20, 6, 0, 1, seed: 5);
        var a = IsingSampler.Run(j, new IsingSamplerOptions { Beta = 1, SamplesPerSpin = 500, Restarts = 10, Seed = 9, Threads = 1 });
        var b = IsingSampler.Run(j, new IsingSamplerOptions { Beta = 1, SamplesPerSpin = 500, Restarts = 10, Seed = 9, Threads = 2 });
        Assert.Equal(a.States, b.States);
        Assert.Equal(a.Flips, b.Flips);
        Assert.Equal(a.RateEntropyRate, b.RateEntropyRate);
    }
}
