using EntropyScope.Estimators.SpeedAccuracy;
using EntropyScope.Models.Diffusion;
using Xunit.Abstractions;

namespace EntropyScope.Tests.Estimators.SpeedAccuracy;

/// <summary>The 1D two-Gaussian mixture: the hierarchy η ≤ c₁ ≤ c₂ = w_D in every case, and OT minimises ∫v₂².</summary>
public class MixtureBoundTests(ITestOutputHelper output)
{
    private static readonly SpeedAccuracyOptions Fast = new() { Particles = 400, TimeIntervals = 100, Epsilon = 1e-6 };
    private static readonly GaussianMixture1D Data = GaussianMixture1D.TwoGaussians();

    private static ForwardProcess1D[] Processes() =>
        [new MSigmaProcess1D(new CosineSchedule(), Data), new MSigmaProcess1D(new ConditionalOtSchedule(), Data), new OtProcess1D(Data)];

    [Fact]
    public void BoundHoldsForEveryScheduleAndPerturbation()
    {
        var rows = new List<SpeedAccuracyRow>();
        foreach (var p in Processes())
            foreach (string name in ReverseStart1D.Names)
            {
                var r = SpeedAccuracy1D.Analyse(p, ReverseStart1D.Named(name), Fast).Row;
                output.WriteLine($"{r.Schedule,-8} {r.Perturbation,-9} eta {r.Eta:G6} c1 {r.C1:G6} c2 {r.C2:G6} wD {r.WD:G6} excess {r.MaxPointwiseExcess:G3}");
                rows.Add(r);
                Assert.True(r.Eta > 0 && r.D0 > 0);
                Assert.True(r.BoundHolds(), $"{r.Schedule} × {r.Perturbation}: eta {r.Eta} c1 {r.C1} c2 {r.C2}");
                Assert.Equal(r.C2, r.WD, 1e-12);               // 1D: v₂² = T_tṠ_t
                Assert.True(r.MaxPointwiseExcess <= 1e-9);     // v_loss² ≤ T_tṠ_t pointwise (Eq. 80)
            }
        // OT: c₁ = η (constant-speed, and the 1D flow map is affine along each particle pair).
        foreach (var r in rows.Where(r => r.Schedule == "ot")) Assert.True(r.C1 - r.Eta <= 1e-3 * r.Eta + 1e-12 || r.C1 >= r.Eta);
    }

    [Fact]
    public void OtScheduleHasTheSmallestIntegratedSquaredSpeed()
    {
        var c2 = Processes().ToDictionary(p => p.Name, p => SpeedAccuracy1D.Analyse(p, ReverseStart1D.Named("mean"), Fast).Row.C2);
        output.WriteLine(string.Join("  ", c2.Select(kv => $"{kv.Key} {kv.Value:G6}")));
        Assert.True(c2["ot"] < c2["cosine"] && c2["ot"] < c2["cond-ot"]);
        // and it is the Benamou–Brenier minimum W₂²/τ (Eqs. 68, 92)
        Assert.Equal(new OtProcess1D(Data).W2Squared, c2["ot"], 1e-5);
    }

    /// <summary>
    /// In 1D every schedule's reverse flow map from P_τ = N(0, 1) to q is increasing, and the increasing map between two
    /// laws is unique: the generated law, hence η, cannot depend on the schedule (reported beside Table I in the bench).
    /// </summary>
    [Fact]
    public void EtaIsScheduleIndependentIn1D()
    {
        var etas = Processes().Select(p => SpeedAccuracy1D.Analyse(p, ReverseStart1D.Named("variance"), Fast).Row.Eta).ToArray();
        Assert.All(etas, e => Assert.Equal(etas[2], e, 1e-5 * etas[2]));
    }

    [Fact]
    public void TimeIntegralsConvergeAsEpsilonShrinks()
    {
        var p = new MSigmaProcess1D(new ConditionalOtSchedule(), Data);
        var c2 = new[] { 1e-2, 1e-4, 1e-6 }.Select(e => SpeedAccuracy1D.Analyse(p, ReverseStart1D.Named("mean"), Fast with { Epsilon = e }).Row.C2).ToArray();
        Assert.True(Math.Abs(c2[2] - c2[1]) < Math.Abs(c2[1] - c2[0]) / 10);
        Assert.True(Math.Abs(c2[2] - c2[1]) < 1e-3);
    }

    [Fact]
    public void TabulatedCosineGivesTheCosineResult()
    {
        var cos = new CosineSchedule();
        var t = Enumerable.Range(0, 401).Select(i => i / 400.0).ToArray();
        var table = new TableSchedule("table", t, t.Select(cos.M).ToArray(), t.Select(cos.Sigma).ToArray());
        var a = SpeedAccuracy1D.Analyse(new MSigmaProcess1D(cos, Data), ReverseStart1D.Named("mean"), Fast).Row;
        var b = SpeedAccuracy1D.Analyse(new MSigmaProcess1D(table, Data), ReverseStart1D.Named("mean"), Fast).Row;
        Assert.Equal(a.C2, b.C2, 1e-3 * a.C2);
        Assert.Equal(a.C1, b.C1, 1e-3 * a.C1);
        Assert.Equal(a.Eta, b.Eta, 1e-3 * a.Eta);
    }
}

public class PearsonChiSquareTests
{
    [Fact]
    public void NumericalMatchesTheGaussianClosedForms()
    {
        Assert.Equal(PearsonChiSquare.GaussianShift(1, 1),
            PearsonChiSquare.Compute(x => StandardNormal.Pdf(x - 1), StandardNormal.Pdf, -14, 16), 1e-10);
        Assert.Equal(PearsonChiSquare.GaussianScale(0.9, 1, 1),
            PearsonChiSquare.Compute(x => StandardNormal.Pdf(x / 0.9) / 0.9, StandardNormal.Pdf, -12, 12), 1e-10);
        var start = ReverseStart2D.Named("variance");
        Assert.Equal(PearsonChiSquare.GaussianScale(0.9, 1, 2), start.PearsonChiSquare((x, y) => StandardNormal.Pdf(x) * StandardNormal.Pdf(y)), 1e-9);
    }
}

/// <summary>The Swiss roll with the rotating force (small sizes; the bench runs N_D = M = 1000).</summary>
public class SwissRollBoundTests(ITestOutputHelper output)
{
    [Fact]
    public void BoundHoldsWithAndWithoutRotationAndForOt()
    {
        var roll = SwissRoll.Sample(120, 3);
        var options = new SpeedAccuracyOptions { Particles = 200, TimeIntervals = 10, Epsilon = 1e-6, Seed = 3 };
        ForwardProcess2D[] processes =
        [
            new RotatingForceProcess2D(roll, 0, 5) { MonteCarloPoints = 400 },
            new RotatingForceProcess2D(roll, 5, 5) { MonteCarloPoints = 400 },
            new MSigmaProcess2D(new CosineSchedule(), roll, 5) { MonteCarloPoints = 400 },
            new OtProcess2D(roll, 6),
        ];
        var wd = new List<double>();
        foreach (var p in processes)
        {
            var (mx, my, sd) = p.EndMoments();
            var r = SpeedAccuracy2D.Analyse(p, ReverseStart2D.Named("variance", mx, my, sd), options).Row;
            output.WriteLine($"{r.Schedule,-12} eta {r.Eta:G5} c1 {r.C1:G5} c2 {r.C2:G5} wD {r.WD:G5} D0 {r.D0:G4}");
            Assert.True(double.IsFinite(r.D0) && r.D0 > 0);
            Assert.True(r.BoundHolds(), $"{r.Schedule}: eta {r.Eta} c1 {r.C1} wD {r.WD}");
            Assert.Equal(p.Conservative, double.IsFinite(r.C2));
            wd.Add(r.WD);
        }
        Assert.True(wd[1] > wd[0], "the rotation adds dissipation: w_D grows with g");
    }

    /// <summary>
    /// For any (m, σ) schedule u = x/m obeys du/dλ = (u − ȳ(u, λ))/λ with λ = σ/m (Eqs. 97–98): the probability-flow map
    /// from P_τ to the data is the same for every schedule ending at m = 0, σ = 1, in any dimension, so η is too.
    /// </summary>
    [Fact]
    public void EtaIsTheSameForCosineAndConditionalOtIn2D()
    {
        var roll = SwissRoll.Sample(60, 8);
        var options = new SpeedAccuracyOptions { Particles = 60, TimeIntervals = 8, Epsilon = 1e-4, Seed = 8 };
        var start = ReverseStart2D.Named("mean");
        double a = SpeedAccuracy2D.Analyse(new MSigmaProcess2D(new CosineSchedule(), roll, 1) { MonteCarloPoints = 50 }, start, options).Row.W1Data;
        double b = SpeedAccuracy2D.Analyse(new MSigmaProcess2D(new ConditionalOtSchedule(), roll, 1) { MonteCarloPoints = 50 }, start, options).Row.W1Data;
        output.WriteLine($"W1 at t = ε: cosine {a:R}, cond-ot {b:R}");
        Assert.Equal(a, b, 2e-3 * a);
    }
}
