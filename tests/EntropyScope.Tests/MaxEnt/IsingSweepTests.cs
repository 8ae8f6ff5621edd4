using EntropyScope.Estimators.MaxEnt;

namespace EntropyScope.Tests.MaxEnt;

public class IsingSweepTests
{
    [Fact]
    public void SmallSweepTracksTheExactEpAndWritesTableCsvSvg()
    {
        var rows = IsingSweep.Run([8], [0.0, 1.5], 4, 4000, 2, new MaxEntOptions { Seed = 2 }, 2, ProgressSink.None);
        Assert.Equal(2, rows.Count);
        Assert.Equal(0.0, rows[0].TrueEp, 1e-12);
        Assert.InRange(rows[0].MaxEnt, -0.02, 0.02);
        Assert.InRange(rows[1].MaxEnt, 0.6 * rows[1].TrueEp, rows[1].TrueEp + 0.05);
        string dir = Path.Combine(Path.GetTempPath(), "es-sweep-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            IsingSweep.Write(dir, rows, "test");
            Assert.Equal(3, File.ReadAllLines(Path.Combine(dir, "sweep.csv")).Length);
            Assert.Contains("| 8 | 1.5 |", File.ReadAllText(Path.Combine(dir, "table.md")));
            Assert.StartsWith("<svg", File.ReadAllText(Path.Combine(dir, "sweep.svg")));
        }
        finally { Directory.Delete(dir, true); }
    }
}
