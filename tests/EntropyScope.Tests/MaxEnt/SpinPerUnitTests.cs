using EntropyScope.Estimators.MaxEnt;
using EntropyScope.Estimators.MaxEnt.Observables;
using EntropyScope.Models.Ising;

namespace EntropyScope.Tests.MaxEnt;

public class SpinPerUnitTests
{
    [Fact]
    public void ReferenceCaseN10Beta3MatchesEmpiricalEp()
    {
        // reference-numbers.md §6: N = 10, k = 6, β = 3, 10⁴ samples per spin, seed 42
        var j = IsingCouplings.Random(10, 6, 0, 1, seed: 42);
        var s = IsingSampler.Run(j, new IsingSamplerOptions { Beta = 3, SamplesPerSpin = 10_000, Seed = 42 });
        double empirical = IsingEntropy.EmpiricalFromFlips(j, 3, s.States, s.Flips, s.Count);
        Assert.Equal(s.EmpiricalEntropyRate, empirical, 1e-12);
        Assert.True(empirical > 0.07, $"empirical EP {empirical}");
        var r = PerUnitDecomposition.Estimate(new SpinFlipRecords(s.States, s.Flips, s.Count, 10), new MaxEntOptions { Seed = 42 });
        Assert.Equal(empirical, r.EntropyProduction, 2e-2);
        var nt = PerUnitDecomposition.Estimate(new SpinFlipRecords(s.States, s.Flips, s.Count, 10),
            new MaxEntOptions { Seed = 42, Solver = new MaxEntSolverOptions { Solver = MaxEntSolver.Newton } });
        Assert.Equal(r.EntropyProduction, nt.EntropyProduction, 0.1 * r.EntropyProduction); // reference: BB and Newton within 0.1
    }

    [Fact]
    public void EnumeratedSpinsBoundBelowTrueAndEqualWhenSpanned()
    {
        // N = 3 sequential Glauber: exact pair law π(x)W(x→y) replicated; observables on transitions.
        var j = IsingCouplings.FromDense(new double[,] { { 0, 1.0, -0.5 }, { 0.3, 0, 0.8 }, { -1.0, 0.2, 0 } });
        var e = IsingEnumeration.Of(j, 1.0, parallel: false);
        var w = e.Transitions();
        var pairwise = new List<(double, double[])>();
        var spanning = new List<(double, double[])>();
        for (int b = 0; b < 8; b++)
            for (int i = 0; i < 3; i++)
            {
                int c = b ^ (1 << i);
                double f = e.Stationary[b] * w[b * 8 + c];
                // pairwise: g_ij = (y_i − x_i)x_j = −2x_ix_j on flips of i (j ≠ i), zero otherwise
                var gp = new double[9];
                for (int q = 0; q < 3; q++) if (q != i) gp[i * 3 + q] = -2.0 * e.Spin(b, i) * e.Spin(b, q);
                pairwise.Add((f, gp));
                // spanning: antisymmetric indicator of each undirected edge {b, c} (12 edges), +1 along lower→higher
                var gs = new double[12];
                int lo = Math.Min(b, c);
                gs[EdgeIndex(lo, i)] = b == lo ? 1 : -1;
                spanning.Add((f, gs));
            }
        double stay = 1 - pairwise.Sum(t => t.Item1);
        pairwise.Add((stay, new double[9]));
        spanning.Add((stay, new double[12]));
        var gP = ExactSamples.Replicate(pairwise, 150_000);
        var gS = ExactSamples.Replicate(spanning, 150_000);
        var drop = new MaxEntOptions { Seed = 5, Active = [true, true, true, true, true, true, true, true, true] };
        for (int c = 0; c < 3; c++) drop.Active![c * 3 + c] = false; // g_ii ≡ 0 columns
        var bounded = MaxEntEstimator.Estimate(gP, null, drop);
        var spanned = MaxEntEstimator.Estimate(gS, null, new MaxEntOptions { Seed = 5 });
        // The samples hold the exact pair law, so the dual on all of them at θ* is the population objective:
        // it can never exceed the true EP (Donsker–Varadhan), and reaches it when the observables span the log-ratio.
        double bound = Population(gP, drop.Active, bounded.Theta), full = Population(gS, null, spanned.Theta);
        Assert.True(bound <= e.EntropyRate + 1e-6, $"bound {bound} vs exact {e.EntropyRate}");
        Assert.True(bound > 0.3 * e.EntropyRate);
        Assert.Equal(e.EntropyRate, full, 1e-3);
        // held-out values (10% test split) agree within their sampling error
        Assert.Equal(bound, bounded.EntropyProduction, 0.04);
        Assert.Equal(e.EntropyRate, spanned.EntropyProduction, 0.04);
        var sigma = MaxEntEstimator.TrajectoryEntropy(gS, spanned);
        Assert.Equal(1.0, sigma.Average(v => Math.Exp(-v)), 0.01);
    }

    private static double Population(DenseObservables g, bool[]? active, double[] theta) =>
        new DualObjective(g, Enumerable.Range(0, g.Count).ToArray(), null, null, active).Value(theta);

    private static int EdgeIndex(int lowerState, int spin) => spin * 4 + Compress(lowerState, spin);

    private static int Compress(int state, int spin) // the 2 other bits of a 3-bit state
    {
        int r = 0, p = 0;
        for (int q = 0; q < 3; q++) if (q != spin) { r |= ((state >> q) & 1) << p; p++; }
        return r;
    }

    [Fact]
    public void SignBitProductsMatchDense()
    {
        var rng = new Random(3);
        int n = 37, d = 21, nb = SignBitObservables.BytesPerRow(d);
        var bits = new byte[n * nb];
        rng.NextBytes(bits);
        var dense = new float[n * d];
        for (int k = 0; k < n; k++) for (int q = 0; q < d; q++) dense[k * d + q] = ((bits[k * nb + q / 8] >> (q % 8)) & 1) == 1 ? 2f : -2f;
        var sb = new SignBitObservables(bits, n, d, 2.0);
        var de = new DenseObservables(dense, n, d);
        var theta = Enumerable.Range(0, d).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var rows = new[] { 3, 0, 36, 5, 5 };
        var w = rows.Select(_ => rng.NextDouble()).ToArray();
        var a1 = new double[5]; var a2 = new double[5];
        sb.Project(rows, theta, a1); de.Project(rows, theta, a2);
        for (int k = 0; k < 5; k++) Assert.Equal(a2[k], a1[k], 1e-9);
        var s1 = new double[d]; var s2 = new double[d];
        sb.WeightedSum(rows, w, s1); de.WeightedSum(rows, w, s2);
        for (int q = 0; q < d; q++) Assert.Equal(s2[q], s1[q], 1e-9);
    }
}

public class PairwiseSpikeObservableTests
{
    [Fact]
    public void ProductsMatchTheExplicitMatrix()
    {
        var rng = new Random(8);
        int t = 50, n = 5;
        var raster = new byte[t * n];
        for (int k = 0; k < raster.Length; k++) raster[k] = rng.NextDouble() < 0.3 ? (byte)1 : (byte)0;
        var g = PairwiseSpikeObservables.FromRaster(raster, t, n);
        Assert.Equal(n + n * (n - 1) / 2, g.Dimension);
        // explicit rows: [x_i(t+1) − x_i(t)] then x_i(t+1)x_j(t) − x_i(t)x_j(t+1), i < j
        var dense = new float[(t - 1) * g.Dimension];
        for (int s = 0; s < t - 1; s++)
        {
            int c = 0;
            for (int i = 0; i < n; i++) dense[s * g.Dimension + c++] = raster[(s + 1) * n + i] - raster[s * n + i];
            for (int i = 0; i < n; i++)
                for (int j = i + 1; j < n; j++)
                    dense[s * g.Dimension + c++] = raster[(s + 1) * n + i] * raster[s * n + j] - raster[s * n + i] * raster[(s + 1) * n + j];
        }
        var d = new DenseObservables(dense, t - 1, g.Dimension);
        var theta = Enumerable.Range(0, g.Dimension).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var rows = Enumerable.Range(0, t - 1).ToArray();
        var w = rows.Select(_ => rng.NextDouble()).ToArray();
        var a1 = new double[t - 1]; var a2 = new double[t - 1];
        g.Project(rows, theta, a1); d.Project(rows, theta, a2);
        for (int k = 0; k < a1.Length; k++) Assert.Equal(a2[k], a1[k], 1e-6);
        var s1 = new double[g.Dimension]; var s2 = new double[g.Dimension];
        g.WeightedSum(rows, w, s1); d.WeightedSum(rows, w, s2);
        for (int q = 0; q < s1.Length; q++) Assert.Equal(s2[q], s1[q], 1e-9);
        // Project after WeightedSum reuses the scratch matrix: must not leak the accumulated diagonal
        g.Project(rows, theta, a1);
        for (int k = 0; k < a1.Length; k++) Assert.Equal(a2[k], a1[k], 1e-6);
    }
}
