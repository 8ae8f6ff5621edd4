using EntropyScope.Estimators.ActiveNoise;
using EntropyScope.Models.Tracer;

namespace EntropyScope.Tests.Estimators.ActiveNoise;

public class AoupKalmanTests
{
    /// <summary>ln N(y; 0, Σ) with Σ_ij = C(|i − j|Δt) + R δ_ij by dense Cholesky.</summary>
    private static double DenseLogLikelihood(double[] y, double kappa, double d, double da, double tau, double dt, double r)
    {
        int n = y.Length;
        var l = new double[n, n];
        var sigma = new double[n, n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++)
            sigma[i, j] = AoupDynamics.Autocorrelation(kappa, d, da, tau, Math.Abs(i - j) * dt) + (i == j ? r : 0);
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                double s = sigma[i, j];
                for (int k = 0; k < j; k++) s -= l[i, k] * l[j, k];
                l[i, j] = i == j ? Math.Sqrt(s) : s / l[j, j];
            }
        var z = new double[n];
        double logDet = 0, quad = 0;
        for (int i = 0; i < n; i++)
        {
            double s = y[i];
            for (int k = 0; k < i; k++) s -= l[i, k] * z[k];
            z[i] = s / l[i, i];
            quad += z[i] * z[i];
            logDet += 2 * Math.Log(l[i, i]);
        }
        return -0.5 * (n * Math.Log(2 * Math.PI) + logDet + quad);
    }

    [Theory]
    [InlineData(1.3, 0.5, 2.0, 0.7, 0.0)]
    [InlineData(1.0, 0.2, 5.0, 3.0, 0.0)]
    [InlineData(1.0, 1.0, 1.0, 1.0, 0.0)]
    [InlineData(1.3, 0.5, 2.0, 0.7, 0.04)]
    [InlineData(1.0, 0.5, 0.0, 1.0, 0.0)]
    [InlineData(1.0, 0.5, 0.0, 1.0, 0.09)]
    public void KalmanEqualsDenseGaussian(double kappa, double d, double da, double tau, double r)
    {
        const double dt = 0.1;
        var model = da > 0 ? TracerModel.Aoup : TracerModel.Passive;
        var obs = new TracerObservation { Dt = dt, LocalisationNoise = Math.Sqrt(r) };
        var (y, _) = TracerEnsemble.Simulate(1, 40, obs, _ => new TracerParameters(model, kappa, d, da, tau), seed: 5);
        double kalman = AoupKalman.LogLikelihood(y, new AoupDynamics(kappa, d, da, tau, dt), r);
        double dense = DenseLogLikelihood(y, kappa, d, da, tau, dt, r);
        Assert.Equal(dense, kalman, 8);
    }

    [Fact]
    public void LaplaceImportanceAgreesWithPlainPriorMonteCarloOnShortSeries()
    {
        var prior = TracerPrior.Default;
        var obs = new TracerObservation { Dt = 0.05 };
        var (y, _) = TracerEnsemble.Simulate(2, 60, obs, rng => prior.Sample(TracerModel.Aoup, rng), seed: 9);
        var laplace = new ExactActiveClassifier(prior, 0.05, 0, new MarginalOptions { Draws = 2000 });
        var plain = new ExactActiveClassifier(prior, 0.05, 0, new MarginalOptions { Method = MarginalMethod.PriorMonteCarlo, Draws = 40000 });
        for (int i = 0; i < 2; i++)
        {
            var x = y.AsSpan(i * 60, 60);
            var a = laplace.Active(x, new Random(1)); var b = plain.Active(x, new Random(2));
            Assert.True(Math.Abs(a.Value - b.Value) < 4 * Math.Sqrt(a.StandardError * a.StandardError + b.StandardError * b.StandardError) + 0.02,
                $"active: {a.Value} ± {a.StandardError} vs {b.Value} ± {b.StandardError}");
            var pa = laplace.Passive(x, new Random(3)); var pb = plain.Passive(x, new Random(4));
            Assert.True(Math.Abs(pa.Value - pb.Value) < 4 * Math.Sqrt(pa.StandardError * pa.StandardError + pb.StandardError * pb.StandardError) + 0.02,
                $"passive: {pa.Value} ± {pa.StandardError} vs {pb.Value} ± {pb.StandardError}");
        }
    }
}
