using EntropyScope.Models.Langevin;
using EntropyScope.Models.Langevin.Algebra;

namespace EntropyScope.Tests.Models;

public class LyapunovTests
{
    private static Matrix RandomStable(int n, ulong seed, bool symmetric)
    {
        var rng = new Xoshiro256(seed);
        var m = new Matrix(n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) m[i, j] = 0.3 * rng.NextGaussian() / Math.Sqrt(n);
        if (symmetric) m.Symmetrize();
        // Shift the spectrum left: −(‖M‖ + 1) I makes it stable.
        double shift = m.InfinityNorm() + 1;
        for (int i = 0; i < n; i++) m[i, i] -= shift;
        return m;
    }

    private static Matrix RandomDiffusion(int n, ulong seed)
    {
        var rng = new Xoshiro256(seed, 7);
        return Matrix.Diagonal(Enumerable.Range(0, n).Select(_ => 2 * (0.5 + rng.NextDouble())).ToArray());
    }

    [Theory]
    [InlineData(3)]
    [InlineData(20)]
    public void GeneralSolverSatisfiesEquation(int n)
    {
        var a = RandomStable(n, 11, symmetric: false);
        var q = RandomDiffusion(n, 11);
        var c = Lyapunov.SolveGeneral(a, q);
        Assert.True(Lyapunov.RelativeResidual(a, c, q) < 1e-12);
    }

    [Fact]
    public void BothRoutesAgreeOnSymmetricDrift()
    {
        var a = RandomStable(15, 3, symmetric: true);
        var q = RandomDiffusion(15, 3);
        var c1 = Lyapunov.SolveSymmetric(a, q);
        var c2 = Lyapunov.SolveGeneral(a, q);
        Assert.True(Lyapunov.RelativeResidual(a, c1, q) < 1e-12);
        Assert.True(c1.Add(c2, 1, -1).FrobeniusNorm() < 1e-11 * c1.FrobeniusNorm());
    }

    [Fact]
    public void DiscreteSolverSatisfiesItsEquationAndRejectsAnUnstableChain()
    {
        // Φ = I + 𝒜Δτ of a stable drift: the Euler chain's stationary covariance S = ΦSΦᵀ + Q.
        var a = RandomStable(12, 9, symmetric: false);
        var q = RandomDiffusion(12, 9).Scale(0.05);
        var phi = Matrix.Identity(12).Add(a, 1, 0.05);
        var s = Lyapunov.SolveDiscrete(phi, q);
        var residual = phi.Multiply(s).Multiply(phi.Transpose()).Add(q).Add(s, 1, -1);
        Assert.True(residual.FrobeniusNorm() < 1e-12 * s.FrobeniusNorm());
        Assert.Throws<InvalidOperationException>(() => Lyapunov.SolveDiscrete(Matrix.Identity(3).Scale(1.01), Matrix.Identity(3)));
    }

    [Fact]
    public void Dimension200BothRoutes()
    {
        // A 10×10 filament network has 2N² = 200 coordinates.
        var sym = RandomStable(200, 5, symmetric: true);
        var q = RandomDiffusion(200, 5);
        Assert.True(Lyapunov.RelativeResidual(sym, Lyapunov.SolveSymmetric(sym, q), q) < 1e-11);
        var gen = RandomStable(200, 6, symmetric: false);
        Assert.True(Lyapunov.RelativeResidual(gen, Lyapunov.SolveGeneral(gen, q), q) < 1e-11);
    }

    [Fact]
    public void MatrixExponentialMatchesEigenRouteAndSeries()
    {
        var sym = RandomStable(6, 9, symmetric: true);
        var viaEigen = new SymmetricEigen(sym).Apply(Math.Exp);
        // Force the Padé route by a tiny asymmetric perturbation that is below the comparison tolerance.
        var a = sym.Clone();
        a[0, 1] += 1e-13;
        var viaPade = MatrixExponential.Of(a);
        Assert.True(viaEigen.Add(viaPade, 1, -1).FrobeniusNorm() < 1e-11);
        // Non-symmetric 2×2 with known exponential: [[0, 1], [0, 0]] → [[1, 1], [0, 1]].
        var nil = Matrix.FromRows([[0, 1], [0, 0]]);
        var e = MatrixExponential.Of(nil);
        Assert.Equal(1, e[0, 1], 14);
        Assert.Equal(1, e[0, 0], 14);
        Assert.Equal(0, e[1, 0], 14);
    }

    [Fact]
    public void CholeskyInverseIsInverse()
    {
        var a = RandomStable(12, 21, symmetric: true);
        var c = Lyapunov.SolveSymmetric(a, RandomDiffusion(12, 21));
        var inv = new Cholesky(c).Inverse();
        var id = c.Multiply(inv);
        Assert.True(id.Add(Matrix.Identity(12), 1, -1).FrobeniusNorm() < 1e-10);
    }
}
