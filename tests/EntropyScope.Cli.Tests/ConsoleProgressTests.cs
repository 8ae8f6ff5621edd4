namespace EntropyScope.Cli.Tests;

public class ConsoleProgressTests
{
    [Theory]
    [InlineData(0.4, "0s")]
    [InlineData(42, "42s")]
    [InlineData(59.7, "1m00s")]        // rounding the seconds carries into the minutes, never "60s" or "0m60s"
    [InlineData(90, "1m30s")]          // was "2m30s": F0 rounded 1.5 minutes up
    [InlineData(327, "5m27s")]
    [InlineData(3599.6, "1h00m")]
    [InlineData(5580, "1h33m")]        // was "2h33m" (the ETA of a 100-minute training at 7 %)
    [InlineData(9420, "2h37m")]
    public void DurationsTruncateWholeUnits(double seconds, string expected) =>
        Assert.Equal(expected, ConsoleProgress.Format(seconds));
}

public class EtaClockTests
{
    [Fact]
    public void RatesEachPhaseFromItsOwnStart()
    {
        var eta = new EtaClock();
        Assert.Null(eta.Remaining(0, 0));
        Assert.Equal(30, eta.Remaining(10, 0.25)!.Value, 9);     // input statistics: a quarter in 10 s
        Assert.Null(eta.Remaining(40, 1));
        // training restarts at 0 after 300 s of set-up; 1 % in the next 60 s leaves 99 minutes, not (360/0.01)·0.99 s
        Assert.Null(eta.Remaining(300, 0));
        Assert.Equal(99 * 60, eta.Remaining(360, 0.01)!.Value, 6);
    }

    [Fact]
    public void APhaseThatStartsPartWayIsRatedFromWhereItStarted()
    {
        var eta = new EtaClock();
        Assert.Null(eta.Remaining(100, 0.5));                   // a resumed training opens at half its budget
        Assert.Equal(90, eta.Remaining(110, 0.55)!.Value, 6);    // 5 % per 10 s: 90 s left, not 110·0.45/0.55
    }
}
