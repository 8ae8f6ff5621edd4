using EntropyScope.Models.BeadSpring;
using EntropyScope.Models.Langevin;

namespace EntropyScope.Tests.Models;

public class BeadSpringTruthTests
{
    private static double Sigma5(double t1, double t2, double k = 1, double gamma = 1) =>
        k * Math.Pow(t1 - t2, 2) * (111 * t1 * t1 + 430 * t1 * t2 + 111 * t2 * t2)
        / (495 * t1 * t2 * (3 * t1 + t2) * (t1 + 3 * t2) * gamma);

    [Fact]
    public void TwoBeadsMatchClosedForm()
    {
        var m = BeadSpringChain.Create(2, 1, 10);
        Assert.Equal(2.025, m.EntropyRate, 12);
        Assert.Equal(1.416667, m.Covariance[0, 0], 6);
        Assert.Equal(1.833333, m.Covariance[0, 1], 6);
        Assert.Equal(5.916667, m.Covariance[1, 1], 6);
        var bond = Assert.Single(m.Bonds());
        Assert.Equal(2.25, bond.ExchangedHeatRate, 12);
        Assert.Equal(2.025, bond.ExchangedEntropyRate, 12);
    }

    [Theory]
    [InlineData(0.1, 2.025000, 0.629817)]
    [InlineData(0.3, 0.408333, 0.131560)]
    [InlineData(0.7, 0.032143, 0.010561)]
    [InlineData(1.0, 0, 0)]
    public void TableOfReferenceNumbers(double ratio, double sigma2, double sigma5)
    {
        Assert.Equal(sigma2, BeadSpringChain.Create(2, 10 * ratio, 10).EntropyRate, 6);
        Assert.Equal(sigma5, BeadSpringChain.Create(5, 10 * ratio, 10).EntropyRate, 6);
    }

    [Fact]
    public void FiveBeadsMatchClosedFormAndBonds()
    {
        var m = BeadSpringChain.Create(5, 1, 10);
        Assert.Equal(Sigma5(1, 10), m.EntropyRate, 12);
        Assert.Equal(0.629817, m.EntropyRate, 6);
        var bonds = m.Bonds();
        Assert.Equal([0.465734, 0.101844, 0.042709, 0.019531], bonds.Select(b => Math.Round(b.ExchangedEntropyRate, 6)));
        Assert.Equal(m.EntropyRate, bonds.Sum(b => b.ExchangedEntropyRate), 12);
        Assert.Equal(8.25, m.Covariance[2, 2], 6);
    }

    [Fact]
    public void StiffnessAndFrictionScaling()
    {
        Assert.Equal(1.35, BeadSpringChain.Create(2, 1, 10, k: 2, gamma: 3).EntropyRate, 12);
        Assert.Equal(0.419878, BeadSpringChain.Create(5, 1, 10, k: 2, gamma: 3).EntropyRate, 6);
        Assert.Equal(Sigma5(1, 10, 2, 3), BeadSpringChain.Create(5, 1, 10, k: 2, gamma: 3).EntropyRate, 12);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(32)]
    [InlineData(64)]
    [InlineData(128)]
    public void HighDimensionalTableGivesUnitRate(int n)
    {
        var m = BeadSpringChain.Create(n, BeadSpringChain.HighDimensionalColdTemperature(n), BeadSpringChain.HighDimensionalHotTemperature);
        Assert.Equal(1.000, m.EntropyRate, 3);
        Assert.Equal(m.EntropyRate, m.Bonds().Sum(b => b.ExchangedEntropyRate), 9);
    }

    [Fact]
    public void TwoPairsHaveNoMiddleBond()
    {
        var m = BeadSpringChain.CreateTwoPairs(1, 10);
        Assert.Equal(2, m.Bonds().Count);
        Assert.DoesNotContain(m.Bonds(), b => b.I == 1 && b.J == 2);
        var perPair = BeadSpringChain.CreateTwoPairs(1, 10, PairTemperatures.PerPair);
        Assert.Equal(2 * 2.025, perPair.EntropyRate, 10);
    }

    [Fact]
    public void GeneralFrictionUsesForceNotDrift()
    {
        // Unequal frictions make 𝒜 non-symmetric (general Lyapunov route); exchanged rates must still sum to σ.
        var k = BeadSpringChain.ForceMatrix(3, 1.5);
        var m = new LinearLangevin(k, [1, 2.5, 0.7], [1, 4, 9]);
        Assert.True(m.EntropyRate > 0);
        Assert.Equal(m.EntropyRate, m.Bonds().Sum(b => b.ExchangedEntropyRate), 10);
    }
}
