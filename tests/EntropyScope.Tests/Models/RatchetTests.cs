using EntropyScope.Models.Langevin;
using EntropyScope.Models.Ratchet;

namespace EntropyScope.Tests.Models;

public class RatchetTests
{
    [Theory]
    [InlineData(0.5, 0.0164)]
    [InlineData(1.5, 0.1306)]
    [InlineData(2.0, 0.2131)]
    [InlineData(3.0, 0.3982)]
    [InlineData(4.0, 0.5899)]
    public void EntropyPerStepMatchesReference(double v, double expected) =>
        Assert.Equal(expected, new FlashingRatchet(v).EntropyPerStep, 4);

    [Fact]
    public void StationaryDistributionAtV3()
    {
        var r = new FlashingRatchet(3);
        double[] expected = [0.228457, 0.106024, 0.063846, 0.285025, 0.164357, 0.152291];
        for (int s = 0; s < 6; s++) Assert.Equal(expected[s], r.Stationary[s], 6);
    }

    [Fact]
    public void EnergyFormAgreesWithLogRatio()
    {
        // EP per step = mean of [U(x) − U(x′)]/T over on-state position jumps (models.md §5), here with T ≠ 1.
        var r = new FlashingRatchet(2, temperature: 1.7, switchRate: 0.6);
        double energy = 0;
        for (int x = 0; x < 3; x++)
            for (int y = 0; y < 3; y++)
                if (x != y) energy += r.Stationary[x] * r.Transition[x, y] * (x - y) * 2 / 1.7;
        Assert.Equal(energy, r.EntropyPerStep, 12);
    }

    [Fact]
    public void TwoPointPartialRowMatches()
    {
        Assert.Equal(3.07e-4, new FlashingRatchet(3).PartialTwoPointEntropyPerStep, 6);
        Assert.Equal(4.0e-5, new FlashingRatchet(1.5).PartialTwoPointEntropyPerStep, 6);
    }

    [Fact]
    public void SimulatedMeanMatchesExact()
    {
        var r = new FlashingRatchet(3);
        var rng = new Xoshiro256(5);
        int steps = 200_000;
        var states = new long[steps];
        var ds = new double[steps - 1];
        r.Simulate(ref rng, states, ds);
        double mean = ds.Average();
        double sd = Math.Sqrt(ds.Select(d => (d - mean) * (d - mean)).Sum() / (ds.Length - 1));
        Assert.InRange(mean, r.EntropyPerStep - 4 * sd / Math.Sqrt(ds.Length), r.EntropyPerStep + 4 * sd / Math.Sqrt(ds.Length));
        Assert.All(states, s => Assert.InRange(s, 0, 5));
    }
}
