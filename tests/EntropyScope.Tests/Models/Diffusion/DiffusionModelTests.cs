using EntropyScope.Models.Diffusion;

namespace EntropyScope.Tests.Models.Diffusion;

public class StandardNormalTests
{
    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(1.0, 0.84134474606854293)]
    [InlineData(-1.96, 0.024997895148220435)]
    [InlineData(-5.0, 2.8665157187919391e-7)]
    [InlineData(-10.0, 7.6198530241604696e-24)]
    public void CdfMatchesReferenceValues(double x, double expected) =>
        Assert.Equal(expected, StandardNormal.Cdf(x), expected * 1e-12);

    [Theory]
    [InlineData(1e-20)]
    [InlineData(1e-5)]
    [InlineData(0.3)]
    [InlineData(0.5)]
    [InlineData(0.975)]
    public void QuantileInvertsTheCdf(double p)
    {
        double x = StandardNormal.Quantile(p);
        Assert.Equal(p, StandardNormal.Cdf(x), p * 1e-12);
        Assert.Equal(-x, StandardNormal.QuantileOfSurvival(p), 1e-12 * Math.Max(1, Math.Abs(x)));
    }
}

public class GaussianMixtureTests
{
    [Fact]
    public void QuantileInvertsTheCdfInBothTails()
    {
        var q = GaussianMixture1D.TwoGaussians();
        foreach (double u in new[] { 1e-12, 1e-3, 0.2, 0.5, 0.8, 1 - 1e-6 })
            Assert.Equal(u, q.Cdf(q.Quantile(u)), 1e-12);
        Assert.Equal(1e-14, q.Survival(q.QuantileOfSurvival(1e-14)), 1e-24);
    }

    [Fact]
    public void MarginalAtTheEndOfAVpScheduleIsStandardNormal()
    {
        var end = GaussianMixture1D.TwoGaussians().Marginal(0, 1);
        foreach (double x in new[] { -2.0, 0.0, 0.7 }) Assert.Equal(StandardNormal.Pdf(x), end.Pdf(x), 1e-15);
        Assert.Equal(0.1, GaussianMixture1D.TwoGaussians().Marginal(1, 0).Sds[0] - 0.2, 1e-15);
    }
}

public class ScheduleTests
{
    [Fact]
    public void TemperaturesMatchTheirClosedForms()
    {
        var cos = new CosineSchedule(2);
        var cot = new ConditionalOtSchedule(2);
        foreach (double t in new[] { 0.1, 0.7, 1.5 })
        {
            Assert.Equal(Math.PI / 4 * Math.Tan(Math.PI * t / 4), cos.Temperature(t), 1e-12);   // Eq. 32
            Assert.Equal(t / 2 / (2 - t), cot.Temperature(t), 1e-12);                          // Eq. 28
        }
    }

    private static (double[] T, double[] M, double[] S) Tabulate(NoiseSchedule s, int rows)
    {
        var t = Enumerable.Range(0, rows).Select(i => s.Tau * i / (rows - 1)).ToArray();
        return (t, t.Select(s.M).ToArray(), t.Select(s.Sigma).ToArray());
    }

    [Fact]
    public void TableFromTheCosineScheduleReproducesIt()
    {
        var cos = new CosineSchedule();
        var (t, m, s) = Tabulate(cos, 401);
        var table = new TableSchedule("cos-table", t, m, s);
        foreach (double x in new[] { 0.013, 0.4, 0.777, 0.95 })
        {
            Assert.Equal(cos.M(x), table.M(x), 1e-7);
            Assert.Equal(cos.Sigma(x), table.Sigma(x), 1e-7);
            Assert.Equal(cos.Temperature(x), table.Temperature(x), 2e-3 * cos.Temperature(x));
        }
    }

    [Theory]
    [InlineData("0,1,0\n0.5,0.9,0.4\n0.4,0.5,0.8\n1,0,1", "not strictly increasing")]
    [InlineData("0,1,0\n0.5,0.9,0.4\n0.7,0.95,0.8\n1,0,1", "m is not monotone")]
    [InlineData("0,1,0\n0.5,0.9,0\n0.7,0.6,0.8\n1,0,1", "sigma must be > 0 inside")]
    [InlineData("0,1,0\n0.5,0.7,0.7\n0.7,0.6,0.3\n1,0,1", "sigma/m decreases")]
    [InlineData("0,1,0.1\n0.5,0.7,0.7\n1,0,1", "must start at m = 1, sigma = 0")]
    public void BadTablesAreRejectedWithAReason(string rows, string reason)
    {
        string path = Path.Combine(Path.GetTempPath(), $"sched-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "t,m,sigma\n" + rows + "\n");
        try
        {
            var e = Assert.Throws<InputException>(() => TableSchedule.Load(path));
            Assert.Contains(reason, e.Message);
        }
        finally { File.Delete(path); }
    }
}

public class ForwardProcessTests
{
    /// <summary>Continuity equation in 1D: ∂_tF_t(x) = −ν_t(x)P_t(x) (the probability flux through x).</summary>
    private static void AssertContinuity(ForwardProcess1D p, Func<double, double, double> cdf, double t)
    {
        const double h = 1e-5;
        foreach (double x in new[] { -1.3, -0.2, 0.4, 1.1 })
        {
            double dF = (cdf(t + h, x) - cdf(t - h, x)) / (2 * h);
            Assert.Equal(-p.Velocity(t, x) * p.Pdf(t, x), dF, 1e-6);
        }
    }

    [Theory]
    [InlineData(0.05)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void MixtureVelocityCarriesTheMarginalsUnderEachSchedule(double t)
    {
        var q = GaussianMixture1D.TwoGaussians();
        foreach (NoiseSchedule s in new NoiseSchedule[] { new CosineSchedule(), new ConditionalOtSchedule() })
        {
            var p = new MSigmaProcess1D(s, q);
            AssertContinuity(p, (tt, x) => p.Marginal(tt).Cdf(x), t);
        }
    }

    [Fact]
    public void OtVelocityCarriesTheDisplacementInterpolation()
    {
        var q = GaussianMixture1D.TwoGaussians();
        var ot = new OtProcess1D(q);
        // F_t(x) = F_q(label) because the interpolation map is increasing in the label.
        AssertContinuity(ot, (tt, x) => q.Cdf(ot.Label(tt, x)), 0.4);
        Assert.Equal(ot.W2Squared, ot.MeanSquaredVelocity(0.3), 1e-15);
    }

    [Fact]
    public void RotatingKernelVarianceSolvesItsOde()
    {
        var p = new RotatingForceProcess2D(SwissRoll.Sample(50, 1), g: 3, seed: 1);
        foreach (double t in new[] { 0.2, 0.6, 0.95 })
        {
            const double h = 1e-5;
            double s2p = Math.Pow(p.Kernel(t + h).S, 2), s2m = Math.Pow(p.Kernel(t - h).S, 2), s2 = Math.Pow(p.Kernel(t).S, 2);
            Assert.Equal(2 * p.H(t) * s2 + 2 * p.Temperature(t), (s2p - s2m) / (2 * h), 1e-7); // d(s²)/dt = 2H s² + 2T
            Assert.Equal(3 * (t - t * t / 2), p.Kernel(t).Theta, 1e-12);
        }
    }

    [Fact]
    public void SwissRollIsStandardised()
    {
        var p = SwissRoll.Sample(2000, 4);
        for (int d = 0; d < 2; d++)
        {
            var c = Enumerable.Range(0, 2000).Select(i => p[2 * i + d]).ToArray();
            Assert.Equal(0, c.Average(), 1e-12);
            Assert.Equal(1, c.Select(v => v * v).Average(), 1e-12);
        }
    }
}

public class ExactAssignmentTests
{
    private static IEnumerable<int[]> Permutations(int[] items)
    {
        if (items.Length == 1) { yield return items; yield break; }
        for (int i = 0; i < items.Length; i++)
            foreach (var rest in Permutations(items.Where((_, j) => j != i).ToArray()))
                yield return [items[i], .. rest];
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void MatchesBruteForceOnSmallProblems(int seed)
    {
        const int n = 7;
        var rng = new Random(seed);
        var cost = Enumerable.Range(0, n * n).Select(_ => rng.NextDouble() * 10).ToArray();
        var a = ExactAssignment.Solve(cost, n);
        Assert.Equal(n, a.Distinct().Count());
        double got = Enumerable.Range(0, n).Sum(i => cost[i * n + a[i]]);
        double best = Permutations(Enumerable.Range(0, n).ToArray()).Min(p => Enumerable.Range(0, n).Sum(i => cost[i * n + p[i]]));
        Assert.Equal(best, got, 1e-12);
    }

    [Fact]
    public void W1OfAShiftedCloudIsTheShift()
    {
        var rng = new Random(5);
        var a = Enumerable.Range(0, 200).Select(_ => rng.NextDouble()).ToArray();
        var b = a.Select((v, i) => i % 2 == 0 ? v + 0.01 : v).ToArray(); // tiny shift in x: identity is optimal
        Assert.Equal(0.01, ExactAssignment.Wasserstein1(a, b).W1, 1e-12);
    }
}
