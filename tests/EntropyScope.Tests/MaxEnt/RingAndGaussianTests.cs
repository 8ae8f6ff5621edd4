using EntropyScope.Estimators.MaxEnt;
using EntropyScope.Estimators.MaxEnt.Observables;

namespace EntropyScope.Tests.MaxEnt;

public class RingAndGaussianTests
{
    // 3-state ring, discrete time: P(a→a+1) = 0.5, P(a→a−1) = 0.2, stay 0.3 (uniform stationary law).
    private static readonly double[,] Ring = { { 0.3, 0.5, 0.2 }, { 0.2, 0.3, 0.5 }, { 0.5, 0.2, 0.3 } };

    private static (DenseObservables G, double Ep) RingSamples(int total)
    {
        var pi = ExactSamples.Stationary(Ring);
        double ep = 0;
        var outcomes = new List<(double, double[])>();
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 3; b++)
            {
                double f = pi[a] * Ring[a, b], r = pi[b] * Ring[b, a];
                ep += f * Math.Log(f / r);
                // antisymmetric edge indicators g_e = δ(a→b along e) − δ(b→a along e), e = (0,1), (1,2), (2,0)
                var g = new double[3];
                for (int e = 0; e < 3; e++)
                {
                    int u = e, v = (e + 1) % 3;
                    if (a == u && b == v) g[e] = 1;
                    if (a == v && b == u) g[e] = -1;
                }
                outcomes.Add((f, g));
            }
        return (ExactSamples.Replicate(outcomes, total), ep);
    }

    [Fact]
    public void RingEdgeObservablesRecoverTheExactEp()
    {
        var (g, ep) = RingSamples(200_000);
        Assert.Equal(0.3 * Math.Log(2.5), ep, 1e-12); // known: 3 edges × (1/3)(0.5 − 0.2) ln(0.5/0.2)
        foreach (var solver in new[] { MaxEntSolver.BarzilaiBorwein, MaxEntSolver.Newton })
        {
            var r = MaxEntEstimator.Estimate(g, null, new MaxEntOptions { Seed = 1, Solver = new MaxEntSolverOptions { Solver = solver } });
            Assert.Equal(ep, r.EntropyProduction, 0.01);
            Assert.False(r.Capped);
            Assert.True(r.TurBound <= r.EntropyProduction + 0.01);
            var sigma = MaxEntEstimator.TrajectoryEntropy(g, r);
            Assert.Equal(r.EntropyProduction, sigma.Average(), 0.01);
            Assert.Equal(1.0, sigma.Average(s => Math.Exp(-s)), 0.01); // integral fluctuation theorem
        }
    }

    [Fact]
    public void DualIsZeroAtThetaZero()
    {
        var (g, _) = RingSamples(10_000);
        var rows = Enumerable.Range(0, g.Count).ToArray();
        Assert.Equal(0.0, new DualObjective(g, rows, null, null, null).Value(new double[3]), 1e-15);
        Assert.Equal(0.0, new DualObjective(g, rows, g, rows, null).Value(new double[3]), 1e-15);
    }

    [Fact]
    public void ReverseSamplesGivenEqualsAntisymmetricForm()
    {
        var (g, ep) = RingSamples(100_000);
        var rev = new float[g.Count * 3];
        for (int k = 0; k < g.Count; k++) for (int j = 0; j < 3; j++) rev[k * 3 + j] = -g.Row(k)[j];
        var r = MaxEntEstimator.Estimate(g, new DenseObservables(rev, g.Count, 3), new MaxEntOptions { Seed = 2 });
        Assert.Equal(ep, r.EntropyProduction, 0.01);
    }

    [Fact]
    public void BarzilaiBorweinAndNewtonAgree()
    {
        var (g, _) = RingSamples(50_000);
        var bb = MaxEntEstimator.Estimate(g, null, new MaxEntOptions { Seed = 3 });
        var nt = MaxEntEstimator.Estimate(g, null, new MaxEntOptions { Seed = 3, Solver = new MaxEntSolverOptions { Solver = MaxEntSolver.Newton } });
        Assert.Equal(bb.EntropyProduction, nt.EntropyProduction, 1e-3);
    }

    /// <summary>
    /// x_{t+1} = A x_t + ξ in 2-D: the pair law is Gaussian and ln p(x,y)/p(y,x) is quadratic, spanned by the
    /// antisymmetric quadratics {x_ix_j − y_iy_j (i ≤ j), x_0y_1 − x_1y_0}; the bound must equal the exact KL.
    /// </summary>
    [Fact]
    public void LinearGaussianLagQuadraticObservablesAttainTheTrueEp()
    {
        double[,] a = { { 0.5, 0.3 }, { -0.2, 0.4 } };
        // stationary covariance S = A S Aᵀ + I by iteration
        var s = new double[2, 2] { { 1, 0 }, { 0, 1 } };
        for (int it = 0; it < 500; it++)
        {
            var n = new double[2, 2];
            for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++)
                {
                    double v = i == j ? 1 : 0;
                    for (int k = 0; k < 2; k++) for (int l = 0; l < 2; l++) v += a[i, k] * s[k, l] * a[j, l];
                    n[i, j] = v;
                }
            s = n;
        }
        // K = Cov(x, y), K̃ = Cov(y, x); EP = KL(N(0,K) ‖ N(0,K̃)) = ½[tr(K̃⁻¹K) − 4] (equal determinants)
        var k4 = new double[4, 4]; var kr = new double[4, 4];
        var sa = new double[2, 2]; // Cov(x_t, x_{t+1}) = S Aᵀ
        for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) for (int l = 0; l < 2; l++) sa[i, j] += s[i, l] * a[j, l];
        for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++)
            {
                k4[i, j] = s[i, j]; k4[i + 2, j + 2] = s[i, j]; k4[i, j + 2] = sa[i, j]; k4[i + 2, j] = sa[j, i];
                kr[i, j] = s[i, j]; kr[i + 2, j + 2] = s[i, j]; kr[i, j + 2] = sa[j, i]; kr[i + 2, j] = sa[i, j];
            }
        double exact = 0.5 * (Trace(Inverse(kr), k4) - 4);

        var rng = new Random(7);
        double x0 = 0, x1 = 0;
        int n2 = 200_000;
        var rows = new double[n2][];
        for (int t = -100; t < n2; t++)
        {
            double y0 = a[0, 0] * x0 + a[0, 1] * x1 + Gauss(rng), y1 = a[1, 0] * x0 + a[1, 1] * x1 + Gauss(rng);
            if (t >= 0) rows[t] = [x0 * x0 - y0 * y0, x0 * x1 - y0 * y1, x1 * x1 - y1 * y1, x0 * y1 - x1 * y0];
            (x0, x1) = (y0, y1);
        }
        var g = DenseObservables.FromRows(rows);
        var r = MaxEntEstimator.Estimate(g, null, new MaxEntOptions { Seed = 4, Solver = new MaxEntSolverOptions { Solver = MaxEntSolver.Newton } });
        Assert.InRange(exact, 0.05, 2);
        Assert.Equal(exact, r.EntropyProduction, 0.04 * exact + 0.01);
        var bb = MaxEntEstimator.Estimate(g, null, new MaxEntOptions { Seed = 4 });
        Assert.Equal(r.EntropyProduction, bb.EntropyProduction, 0.1);
    }

    private static double Gauss(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    private static double Trace(double[,] a, double[,] b)
    {
        double t = 0;
        for (int i = 0; i < 4; i++) for (int k = 0; k < 4; k++) t += a[i, k] * b[k, i];
        return t;
    }

    private static double[,] Inverse(double[,] m)
    {
        int n = m.GetLength(0);
        var a = (double[,])m.Clone();
        var inv = new double[n, n];
        for (int i = 0; i < n; i++) inv[i, i] = 1;
        for (int c = 0; c < n; c++)
        {
            int p = c;
            for (int r = c + 1; r < n; r++) if (Math.Abs(a[r, c]) > Math.Abs(a[p, c])) p = r;
            for (int j = 0; j < n; j++) { (a[c, j], a[p, j]) = (a[p, j], a[c, j]); (inv[c, j], inv[p, j]) = (inv[p, j], inv[c, j]); }
            double d = a[c, c];
            for (int j = 0; j < n; j++) { a[c, j] /= d; inv[c, j] /= d; }
            for (int r = 0; r < n; r++)
            {
                if (r == c) continue;
                double f = a[r, c];
                for (int j = 0; j < n; j++) { a[r, j] -= f * a[c, j]; inv[r, j] -= f * inv[c, j]; }
            }
        }
        return inv;
    }
}
