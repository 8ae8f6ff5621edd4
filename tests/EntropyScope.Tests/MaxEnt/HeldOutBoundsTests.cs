using EntropyScope.Estimators.MaxEnt;
using EntropyScope.Estimators.MaxEnt.Observables;

namespace EntropyScope.Tests.MaxEnt;

public class HeldOutBoundsTests
{
    /// <summary>In-sample plug-in ln(1 + 2ḡᵀC⁻¹ḡ) over all rows (the form that over-fits when d ~ n).</summary>
    private static double InSampleTur(IObservableSamples g)
    {
        var rows = Enumerable.Range(0, g.Count).ToArray();
        var cov = new DualObjective(g, rows, g, rows, null);
        cov.ValueAndGradient(new double[g.Dimension], new double[g.Dimension]);
        var (x, _, _) = ConjugateGradient.Solve((v, r) => cov.TiltedCovarianceTimes(v, r), cov.ForwardMean, 1e-4, 1000);
        return Math.Log(1 + 2 * ConjugateGradient.Dot(cov.ForwardMean, x));
    }

    /// <summary>
    /// Observables whose law is symmetric under g → −g: forward and reverse statistics agree, so every bound must be
    /// ≈ 0. With d = 150 and n = 2000 the in-sample TUR is ≈ ln(1 + 2d/n) ≈ 0.14 and an unregularised Newton step
    /// loses on held-out data; the held-out versions must not.
    /// </summary>
    [Fact]
    public void EquilibriumObservablesGiveBoundsNearZeroWhereTheInSamplePlugInDoesNot()
    {
        const int n = 2000, d = 150;
        var rng = new Random(11);
        var rows = new double[n][];
        for (int k = 0; k < n; k++)
        {
            rows[k] = new double[d];
            for (int j = 0; j < d; j++) rows[k][j] = (rng.Next(2) == 0 ? -1 : 1) * (1 + rng.NextDouble());
        }
        var g = DenseObservables.FromRows(rows);
        Assert.InRange(InSampleTur(g), 0.08, 0.3); // the regime where the plug-in is biased
        var r = MaxEntEstimator.Estimate(g, null, new MaxEntOptions { Seed = 5 });
        Assert.InRange(r.TurBound, 0, 0.03);
        Assert.InRange(r.NewtonEstimate, -0.03, 0.03);
        Assert.InRange(r.EntropyProduction, -0.03, 0.03);
    }

    /// <summary>With n ≫ d the held-out TUR equals the plug-in and stays below the MaxEnt bound (same observables).</summary>
    [Fact]
    public void WithManySamplesTheHeldOutTurMatchesThePlugInAndTheNewtonEstimateIsABound()
    {
        // 3-state ring as in RingAndGaussianTests: P(a→a+1) = 0.5, P(a→a−1) = 0.2, stay 0.3; antisymmetric edge currents
        double ep = 0.3 * Math.Log(2.5);
        var outcomes = new List<(double, double[])>();
        double[,] ring = { { 0.3, 0.5, 0.2 }, { 0.2, 0.3, 0.5 }, { 0.5, 0.2, 0.3 } };
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 3; b++)
            {
                var e = new double[3];
                if (b == (a + 1) % 3) e[a] = 1;
                if (a == (b + 1) % 3) e[b] = -1;
                outcomes.Add((ring[a, b] / 3, e));
            }
        var g = ExactSamples.Replicate(outcomes, 300_000);
        var r = MaxEntEstimator.Estimate(g, null, new MaxEntOptions { Seed = 6 });
        Assert.Equal(InSampleTur(g), r.TurBound, 0.01);
        Assert.True(r.TurBound <= r.EntropyProduction + 0.01, $"TUR {r.TurBound} vs MaxEnt {r.EntropyProduction}");
        Assert.InRange(r.NewtonEstimate, 0.5 * ep, r.EntropyProduction + 0.01);
    }

    [Fact]
    public void ReverseSamplesGiveTheSameHeldOutTurAsTheAntisymmetricForm()
    {
        var rng = new Random(12);
        const int n = 40_000;
        var rows = new double[n][];
        for (int k = 0; k < n; k++) rows[k] = [0.3 + rng.NextDouble() - 0.5, (rng.Next(2) == 0 ? -1 : 1) * rng.NextDouble()];
        var g = DenseObservables.FromRows(rows);
        var rev = DenseObservables.FromRows(rows.Select(x => x.Select(v => -v).ToArray()).ToArray());
        var anti = MaxEntEstimator.Estimate(g, null, new MaxEntOptions { Seed = 7 });
        var both = MaxEntEstimator.Estimate(g, rev, new MaxEntOptions { Seed = 7 });
        Assert.True(anti.TurBound > 0.3, $"TUR {anti.TurBound}");
        Assert.Equal(anti.TurBound, both.TurBound, 0.05); // different reverse split, same population value
    }
}
