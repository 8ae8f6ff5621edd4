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
