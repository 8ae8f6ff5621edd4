using EntropyScope.Estimators.ActiveNoise;

namespace EntropyScope.Tests.Estimators.ActiveNoise;

/// <summary>The built-in tracer models: both are embedded, load, and `classify` gets the one nearest its dt.</summary>
public class TracerDefaultModelTests
{
    [Fact]
    public void TheModelNearestInLnDtIsChosen()
    {
        Assert.Equal(["dt0.05", "dt0.5"], TracerDefaultModel.Names);
        Assert.Equal(0.05, TracerDefaultModel.Load().Config.Dt);
        Assert.Equal(0.05, TracerDefaultModel.Load(0.15).Config.Dt);    // ln-midpoint of 0.05 and 0.5 is 0.158
        Assert.Equal(0.5, TracerDefaultModel.Load(0.16).Config.Dt);
        var dt05 = TracerDefaultModel.Load(2.0);
        Assert.Equal(0.5, dt05.Config.Dt);
        Assert.Equal(8, dt05.Config.FramesPerStep);
        Assert.Equal(4, dt05.Networks.Count);
        Assert.Contains("dt0.5", dt05.Source);
        Assert.Throws<InputException>(() => TracerDefaultModel.Load("dt7"));
    }
}
