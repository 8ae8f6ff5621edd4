using EntropyScope.Estimators.Training;

namespace EntropyScope.Tests.Estimators.Training;

public class EnsembleRateTests
{
    private static EntropyRateEstimate Estimate(double rate) => new(rate, 0.1, [rate], -1, null, 0.5, 10);

    [Fact]
    public void Ratio_is_estimate_over_truth_and_its_spread_is_relative()
    {
        var e = EnsembleRate.From([Estimate(1.8), Estimate(2.2)], truthRate: 2.0, (0, ""));
        Assert.Equal(1.0, e.Ratio!.Value, 12);
        Assert.Equal(Statistics.SampleStd([1.8, 2.2]) / 2.0, e.RatioStd!.Value, 12);
    }

    [Theory]
    [InlineData(-1.3322676295501878e-15)]   // the exact bead-spring truth at T_c = T_h (bench case c at 1.0)
    [InlineData(0.0)]
    public void Equilibrium_truth_has_no_ratio(double truth)
    {
        var e = EnsembleRate.From([Estimate(-1e-4)], truth, (1e-4, "standard error"));
        Assert.Null(e.Ratio);
        Assert.Null(e.RatioStd);
        Assert.Equal(truth, e.TrueRate);
    }

    [Fact]
    public void Small_but_physical_rates_keep_their_ratio() =>
        Assert.Equal(0.5, Statistics.RatioToTruth(1e-7, 2e-7)!.Value, 12);
}
