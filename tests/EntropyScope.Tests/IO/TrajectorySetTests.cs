using EntropyScope.IO;

namespace EntropyScope.Tests.IO;

public class TrajectorySetTests
{
    [Fact]
    public void FloatNpyIsContinuous()
    {
        using var dir = new TempDir();
        string path = dir.File("trajectories.npy");
        var data = Enumerable.Range(0, 2 * 5 * 3).Select(i => i * 0.5).ToArray();
        Npy.Write<double>(path, data, 2, 5, 3);
        using var set = TrajectorySet.Open(dir.Path);
        Assert.Equal(2, set.Count);
        Assert.Equal(3, set.Dimension);
        Assert.False(set.IsDiscrete);
        Assert.Equal(5, set.Length(1));
        var buf = new float[6];
        set.CopySteps(1, 2, 2, buf);
        Assert.Equal(data.Skip((5 + 2) * 3).Take(6).Select(v => (float)v), buf);
    }

    [Fact]
    public void IntegerNpyIsDiscrete()
    {
        using var dir = new TempDir();
        string path = dir.File("s.npy");
        Npy.Write<long>(path, [0, 1, 2, 0, 5, 4, 3, 2], 2, 4);
        using var set = TrajectorySet.Open(path);
        Assert.True(set.IsDiscrete);
        Assert.Equal(1, set.Dimension);
        Assert.Equal(2, set.Count);
        var buf = new float[3];
        set.CopySteps(1, 1, 3, buf);
        Assert.Equal([4f, 3f, 2f], buf);
    }

    [Fact]
    public void NaNOrInfInNpyIsAnInputError()
    {
        using var dir = new TempDir();
        string path = dir.File("t.npy");
        var data = new double[2 * 4 * 2];
        data[13] = double.PositiveInfinity;
        Npy.Write<double>(path, data, 2, 4, 2);
        var e = Assert.Throws<InputException>(() => TrajectorySet.Open(path));
        Assert.Contains("trajectory 1, step 2, coordinate 1", e.Message);
    }

    [Fact]
    public void TooFewStepsIsAnInputError()
    {
        using var dir = new TempDir();
        string path = dir.File("t.npy");
        Npy.Write<float>(path, [1f, 2f], 1, 2);
        Assert.Contains("at least 2 steps", Assert.Throws<InputException>(() => TrajectorySet.Open(path)).Message);
    }
}
