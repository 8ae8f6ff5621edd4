using EntropyScope.Estimators.SpeedAccuracy;
using EntropyScope.Models.Diffusion;
using Xunit.Abstractions;

namespace EntropyScope.Tests.Estimators.SpeedAccuracy;

/// <summary>Discretised reverse samplers (Euler/Heun with K steps) against the exact probability-flow map.</summary>
public class DiscreteSamplerTests(ITestOutputHelper output)
{
    private static readonly SpeedAccuracyOptions Fast = new() { Particles = 400, TimeIntervals = 100, Epsilon = 1e-6 };
    private static readonly GaussianMixture1D Mixture = GaussianMixture1D.TwoGaussians();

    /// <summary>
    /// On the OT schedule every particle — on or off the data path — moves on a straight line at constant speed, so one
    /// Euler step of any length lands exactly on the exact flow: Euler with K = 3 reproduces the closed form of the
    /// single-Gaussian fixture (η = c₁ = 0.145494), while cosine and cond-OT do not.
    /// </summary>
    [Fact]
    public void EulerIsExactOnTheOtScheduleForTheGaussian()
    {
        var data = GaussianMixture1D.Single(2, 0.5);
        var closed = new SingleGaussianClosedForm(2, 0.5, 1);
        var cf = closed.Row("ot", closed.OtMoments, 1);
        var options = new SpeedAccuracyOptions { Particles = 200, Sampler = ReverseSampler.Parse("euler", 3) };
        var ot = SpeedAccuracy1D.Analyse(new OtProcess1D(data), ReverseStart1D.Named("mean"), options).Row;
        output.WriteLine($"ot euler-3: eta {ot.Eta:R} c1 {ot.C1:R} (closed {cf.Eta:R}); W1 to data {ot.W1Generated:G3}");
        Assert.Equal(cf.Eta, ot.Eta, 1e-6);
        Assert.Equal(cf.C1, ot.C1, 1e-6);
        Assert.True(ot.W1Generated < 1e-6);

        // The particle positions themselves, at every solver time, equal the exact straight-line flow.
        var process = new OtProcess1D(data);
        var sampler = ReverseSampler.Parse("euler", 5);
        var times = sampler.Times(0, 1);
        var start = Enumerable.Range(0, 50).Select(i => -3 + 0.12 * i).ToArray();
        var euler = sampler.Run(start, times, (t, x, v) => { for (int i = 0; i < x.Length; i++) v[i] = process.Velocity(t, x[i]); });
        var (exact, _) = process.FlowBack(start, times);
        for (int j = 0; j < times.Length; j++)
            for (int i = 0; i < start.Length; i++)
                Assert.Equal(exact[j, i], euler[j][i], 1e-9);

        // Any step placement: the EDM noise-level spacing and Heun are exact on OT too.
        var edm = SpeedAccuracy1D.Analyse(new OtProcess1D(data), ReverseStart1D.Named("mean"), options with { Sampler = ReverseSampler.Parse("heun", 4, "edm") }).Row;
        Assert.Equal(cf.Eta, edm.Eta, 1e-6);

        var cond = SpeedAccuracy1D.Analyse(new MSigmaProcess1D(new ConditionalOtSchedule(), data), ReverseStart1D.Named("mean"), options).Row;
        Assert.True(Math.Abs(cond.Eta - cf.Eta) > 1e-2, $"cond-OT Euler-3 eta {cond.Eta} should carry a visible discretisation error");
    }

    /// <summary>As K grows, Euler (first order) and Heun (second order) converge to the exact flow's η on the mixture.</summary>
    [Theory]
    [InlineData("cosine")]
    [InlineData("cond-ot")]
    public void EtaConvergesToTheExactFlowAsStepsGrow(string schedule)
    {
        NoiseSchedule sch = schedule == "cosine" ? new CosineSchedule() : new ConditionalOtSchedule();
        var process = new MSigmaProcess1D(sch, Mixture);
        var start = ReverseStart1D.Named("variance");
        double exact = SpeedAccuracy1D.Analyse(process, start, Fast).Row.Eta;
        double Err(string name, int k) => Math.Abs(SpeedAccuracy1D.Analyse(process, start, Fast with { Sampler = ReverseSampler.Parse(name, k) }).Row.Eta - exact);
        double e10 = Err("euler", 10), e40 = Err("euler", 40), e160 = Err("euler", 160), h10 = Err("heun", 10), h40 = Err("heun", 40);
        output.WriteLine($"{schedule}: exact eta {exact:G6}; |error| euler 10/40/160: {e10:G3} {e40:G3} {e160:G3}; heun 10/40: {h10:G3} {h40:G3}");
        Assert.True(e40 < e10 / 2 && e160 < e40 / 2, "Euler converges");
        Assert.True(e160 < 0.02 * exact);
        // Heun is second order (÷ 16 per 4× K), although its last step is an Euler step (EDM Algorithm 1).
        Assert.True(h40 < h10 / 8, "Heun converges at second order");
    }

    /// <summary>η ≤ c₁ is guaranteed for any sampler (Cauchy–Schwarz over the solver steps); every rate is finite.</summary>
    [Fact]
    public void EtaNeverExceedsC1ForAnySampler()
    {
        ForwardProcess1D[] processes = [new MSigmaProcess1D(new CosineSchedule(), Mixture), new MSigmaProcess1D(new ConditionalOtSchedule(), Mixture), new OtProcess1D(Mixture)];
        foreach (var p in processes)
            foreach (string name in new[] { "euler", "heun" })
                foreach (string pert in ReverseStart1D.Names)
                {
                    var r = SpeedAccuracy1D.Analyse(p, ReverseStart1D.Named(pert), Fast with { Particles = 200, Sampler = ReverseSampler.Parse(name, 5) }).Row;
                    Assert.Equal($"{name}-5", r.Sampler);
                    Assert.True(r.Eta <= r.C1 * (1 + 1e-12), $"{r.Schedule} {pert} {r.Sampler}: eta {r.Eta} > c1 {r.C1}");
                    Assert.True(double.IsFinite(r.C2) && double.IsFinite(r.WD) && double.IsFinite(r.W1Generated));
                }
    }

    /// <summary>A discretised sampler in 2D: Euler on cond-OT runs, keeps η ≤ c₁, and approaches the exact η as K grows.</summary>
    [Fact]
    public void SwissRollSamplerRuns()
    {
        var roll = SwissRoll.Sample(60, 8);
        var options = new SpeedAccuracyOptions { Particles = 60, TimeIntervals = 8, Epsilon = 1e-4, Seed = 8 };
        var process = new MSigmaProcess2D(new ConditionalOtSchedule(), roll, 1) { MonteCarloPoints = 50 };
        var start = ReverseStart2D.Named("mean");
        var r = SpeedAccuracy2D.Analyse(process, start, options with { Sampler = ReverseSampler.Parse("euler", 4) }).Row;
        Assert.Equal("euler-4", r.Sampler);
        Assert.True(r.Eta <= r.C1 * (1 + 1e-12));
        double exact = SpeedAccuracy2D.Analyse(process, start, options).Row.Eta;
        double e4 = Math.Abs(r.Eta - exact);
        double e64 = Math.Abs(SpeedAccuracy2D.Analyse(process, start, options with { Sampler = ReverseSampler.Parse("heun", 64) }).Row.Eta - exact);
        output.WriteLine($"exact {exact:G5} euler-4 {r.Eta:G5} |err heun-64| {e64:G3}");
        Assert.True(e64 < e4);
    }
}
