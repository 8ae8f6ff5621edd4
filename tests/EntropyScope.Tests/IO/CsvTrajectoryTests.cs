using EntropyScope.IO;

namespace EntropyScope.Tests.IO;

/// <summary>CSV trajectories (tests/fixtures/csv, layout in docs/files.md) and their bad-input errors.</summary>
public class CsvTrajectoryTests
{
    [Fact]
    public void HeaderedSingleTrajectory()
    {
        using var t = TrajectorySet.Open(Fixtures.Csv("xy_header.csv"));
        Assert.Equal((1, 2, false, 6), (t.Count, t.Dimension, t.IsDiscrete, t.Length(0)));
        var v = new float[12];
        t.CopySteps(0, 0, 6, v);
        for (int k = 0; k < 6; k++) Assert.Equal((0.5f * k, -k), (v[2 * k], v[2 * k + 1]));
    }

    [Fact]
    public void IdColumnSplitsTrajectoriesAndTimeIsIgnored()
    {
        using var t = TrajectorySet.Open(Fixtures.Csv("tracks.csv"));
        Assert.Equal((2, 3, false), (t.Count, t.Dimension, t.IsDiscrete));
        Assert.Equal(4, t.Length(0));
        Assert.Equal(6, t.Length(1));
        var v = new float[3];
        t.CopySteps(1, 5, 1, v);
        Assert.Equal([900 + 15, 901 + 15, 902 + 15], v);
    }

    [Fact]
    public void StateColumnIsDiscrete()
    {
        using var t = TrajectorySet.Open(Fixtures.Csv("states.csv"));
        Assert.Equal((2, 1, true), (t.Count, t.Dimension, t.IsDiscrete));
        var v = new float[8];
        t.CopySteps(1, 0, 8, v);
        for (int k = 0; k < 8; k++) Assert.Equal((5 * k + 1) % 6, v[k]);
    }

    [Fact]
    public void HeaderlessWhitespaceTable()
    {
        using var t = TrajectorySet.Open(Fixtures.Csv("noheader.txt"));
        Assert.Equal((1, 3, 5), (t.Count, t.Dimension, t.Length(0)));
        var v = new float[15];
        t.CopySteps(0, 0, 5, v);
        for (int k = 0; k < 5; k++) for (int c = 0; c < 3; c++) Assert.Equal((float)(k + c / 10.0), v[3 * k + c]);
    }

    [Theory]
    [InlineData("nan.csv", "line 4, column 'x'")]
    [InlineData("ragged.csv", "line 4: 1 fields, expected 2")]
    [InlineData("text.csv", "line 3, column 'y': 'abc' is not a number")]
    [InlineData("split_ids.csv", "line 6: trajectory '1' appears again")]
    [InlineData("fractional_state.csv", "line 3, column 'state': discrete state '1.5' is not an integer")]
    public void BadCsvNamesTheLine(string file, string expected)
    {
        var e = Assert.Throws<InputException>(() => TrajectorySet.Open(Fixtures.Csv(file)));
        Assert.Contains(file, e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void NpyTrajectoryFixtures()
    {
        using (var t = TrajectorySet.Open(Fixtures.Npy("trajectories.npy")))
        {
            Assert.Equal((2, 3, false, 6), (t.Count, t.Dimension, t.IsDiscrete, t.Length(1)));
            var v = new float[3];
            t.CopySteps(1, 4, 1, v);
            Assert.Equal([(float)(((6 + 4) * 3) * 0.1), (float)(((6 + 4) * 3 + 1) * 0.1), (float)(((6 + 4) * 3 + 2) * 0.1)], v);
        }
        using (var s = TrajectorySet.Open(Fixtures.Npy("states.npy")))
        {
            Assert.Equal((2, 1, true, 8), (s.Count, s.Dimension, s.IsDiscrete, s.Length(0)));
            var v = new float[8];
            s.CopySteps(1, 0, 8, v);
            for (int k = 0; k < 8; k++) Assert.Equal((8 + k) * 5 % 6, v[k]);
        }
        var e = Assert.Throws<InputException>(() => TrajectorySet.Open(Fixtures.Npy("trajectories_nan.npy")));
        Assert.Contains("trajectory 1, step 4, coordinate 2 is NaN", e.Message);
    }
}

/// <summary>Edge cases of the CSV layout, from files written inline.</summary>
public class CsvEdgeCaseTests
{
    private static ITrajectorySet Open(TempDir dir, string text)
    {
        string path = dir.File("t.csv");
        File.WriteAllText(path, text);
        return TrajectorySet.Open(path);
    }

    [Fact]
    public void HeaderlessFirstRowWithNaNIsReportedNotTakenForAHeader()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<InputException>(() => Open(dir, "NaN,1\n2,3\n4,5\n"));
        Assert.Contains("line 1", e.Message);
        Assert.Contains("not finite", e.Message);
    }

    [Fact]
    public void TrailingSeparatorIsTolerated()
    {
        using var dir = new TempDir();
        using var t = Open(dir, "1,2,\n3,4,\n");
        Assert.Equal((1, 2, 2), (t.Count, t.Dimension, t.Length(0)));
    }

    [Fact]
    public void SingleStepTrajectoryAndEmptyFileAreInputErrors()
    {
        using var dir = new TempDir();
        Assert.Contains("at least 2", Assert.Throws<InputException>(() => Open(dir, "trajectory,x\na,1\na,2\nb,3\n")).Message);
        Assert.Contains("no data rows", Assert.Throws<InputException>(() => Open(dir, "# nothing\n\nx,y\n")).Message);
    }

    [Fact]
    public void StateWithCoordinatesIsAnInputError()
    {
        using var dir = new TempDir();
        Assert.Contains("only data column", Assert.Throws<InputException>(() => Open(dir, "state,x\n1,2\n2,3\n")).Message);
    }
}
