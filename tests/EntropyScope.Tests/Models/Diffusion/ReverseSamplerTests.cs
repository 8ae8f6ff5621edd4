using EntropyScope.Models.Diffusion;

namespace EntropyScope.Tests.Models.Diffusion;

public class ReverseSamplerTests
{
    [Fact]
    public void TimesAreUniformAndEndExactly()
    {
        var t = ReverseSampler.Parse("euler", 4).Times(0.1, 0.9);
        Assert.Equal([0.1, 0.3, 0.5, 0.7, 0.9], t.Select(x => Math.Round(x, 12)));
        Assert.Equal(0.9, t[^1]);
    }

    [Fact]
    public void EulerAndHeunHaveTheirOrderOnALinearOde()
    {
        // ν_t(x) = x: the reverse run from x(1) = 1 to t = 0 gives e^{−1}; Euler errs O(1/K), Heun O(1/K²).
        VelocityField v = (t, x, o) => { for (int i = 0; i < x.Length; i++) o[i] = x[i]; };
        double Error(string name, int k)
        {
            var s = ReverseSampler.Parse(name, k);
            return Math.Abs(s.Run([1.0], s.Times(0, 1), v)[0][0] - Math.Exp(-1));
        }
        Assert.InRange(Error("euler", 10) / Error("euler", 20), 1.8, 2.2);
        Assert.InRange(Error("heun", 10) / Error("heun", 20), 3.6, 4.4);
        Assert.Equal(Math.Pow(0.9, 10), ReverseSampler.Parse("euler", 10).Run([1.0], ReverseSampler.Parse("euler", 10).Times(0, 1), v)[0][0], 1e-14);
    }

    [Fact]
    public void EdmSpacingPutsKarrasNoiseLevelsBetweenTheEnds()
    {
        // cond-OT: λ = σ/m = t/(1 − t), so λ = 80 at t = 80/81 and λ = 0.002 at t = 0.002/1.002.
        var t = ReverseSampler.Parse("heun", 6, "edm").Times(1e-8, 1 - 1e-8, x => x / (1 - x));
        Assert.Equal(7, t.Length);
        Assert.Equal(1e-8, t[0]);
        Assert.Equal(0.002 / 1.002, t[1], 1e-12);
        Assert.Equal(80.0 / 81, t[5], 1e-12);
        Assert.Equal(1 - 1e-8, t[6]);
        double rho = ReverseSampler.EdmRho, a = Math.Pow(80, 1 / rho), b = Math.Pow(0.002, 1 / rho);
        Assert.Equal(Math.Pow(b + (a - b) / 4, rho), t[2] / (1 - t[2]), 1e-9);
        Assert.Equal("heun-edm-6", ReverseSampler.Parse("heun", 6, "edm").Label);
    }

    [Fact]
    public void EdmSpacingStartsAtTheStartWhenItIsLessNoisyThanEighty()
    {
        // λ(t) = t on [0, 1] (like the rotating force, λ_τ ≈ 1 < 80): λ_max = λ(1) = 1, and all K points are Karras points.
        var t = ReverseSampler.Parse("euler", 4, "edm").Times(0, 1, x => x);
        double rho = ReverseSampler.EdmRho, b = Math.Pow(0.002, 1 / rho);
        Assert.Equal(0.0, t[0]);
        Assert.Equal(0.002, t[1], 1e-12);
        Assert.Equal(Math.Pow(b + (1 - b) / 3, rho), t[2], 1e-12);
        Assert.Equal(Math.Pow(b + 2 * (1 - b) / 3, rho), t[3], 1e-12);
        Assert.Equal(1.0, t[4]);
    }

    [Theory]
    [InlineData("rk9", 10, "unknown sampler \"rk9\"")]
    [InlineData("euler", 0, "--steps must be ≥ 1 (got 0)")]
    [InlineData("heun", -3, "--steps must be ≥ 1 (got -3)")]
    [InlineData("euler", 2, "--steps must be ≥ 3 with --spacing edm", "edm")]
    [InlineData("euler", 10, "--spacing: unknown spacing \"karras\"", "karras")]
    public void BadInputIsAnInputException(string name, int steps, string message, string spacing = "uniform")
    {
        var e = Assert.Throws<InputException>(() => ReverseSampler.Parse(name, steps, spacing));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void ExactIgnoresTheStepCount() => Assert.Equal(ReverseSampler.Exact, ReverseSampler.Parse("exact", 0));
}
