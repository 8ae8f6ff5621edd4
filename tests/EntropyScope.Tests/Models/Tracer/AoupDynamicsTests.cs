using EntropyScope.Models.Tracer;

namespace EntropyScope.Tests.Models.Tracer;

public class AoupDynamicsTests
{
    [Fact]
    public void AutocorrelationMatchesReferenceNumbers()
    {
        // reference-numbers.md §1.5: κ = 1.3, D = 0.5, D_a = 2, τ = 0.7
        Assert.Equal(1.190093, AoupDynamics.Autocorrelation(1.3, 0.5, 2, 0.7, 0), 6);
        Assert.Equal(1.014399, AoupDynamics.Autocorrelation(1.3, 0.5, 2, 0.7, 0.3), 6);
        Assert.Equal(0.592128, AoupDynamics.Autocorrelation(1.3, 0.5, 2, 0.7, 1.0), 6);
        Assert.Equal(0.132951, AoupDynamics.Autocorrelation(1.3, 0.5, 2, 0.7, 2.5), 6);
        Assert.Equal(1.676471, AoupDynamics.Autocorrelation(1.0, 0.5, 2, 0.7, 0), 6);
        var dyn = new AoupDynamics(1.3, 0.5, 2, 0.7, 0.05);
        Assert.Equal(1.190093, dyn.Cxx, 6);
        Assert.Equal(1.047120, dyn.Cxf, 6);
        Assert.Equal(2.857143, dyn.Cff, 6);
    }

    [Fact]
    public void TransitionReproducesAutocorrelationAndIsContinuousAtKappaTauOne()
    {
        // C(Δt) = (ΦC)_xx for the exact step; κτ = 1 ± tiny must agree with the limit form
        foreach (var (k, d, da, tau) in new[] { (1.3, 0.5, 2.0, 0.7), (1.0, 1.0, 3.0, 1.0), (2.0, 0.3, 1.0, 0.5 + 1e-9) })
        {
            var dyn = new AoupDynamics(k, d, da, tau, 0.05);
            double lagged = dyn.Phi11 * dyn.Cxx + dyn.Phi12 * dyn.Cxf;
            Assert.Equal(AoupDynamics.Autocorrelation(k, d, da, tau, 0.05), lagged, 8);
            Assert.True(dyn.Qxx > 0 && dyn.Qff > 0 && dyn.Qxx * dyn.Qff > dyn.Qxf * dyn.Qxf);
        }
        Assert.Equal(AoupDynamics.Autocorrelation(1, 1, 2, 1, 0.8), AoupDynamics.Autocorrelation(1, 1, 2, 1 + 1e-7, 0.8), 6);
    }

    [Theory]
    [InlineData(TracerModel.Aoup)]
    [InlineData(TracerModel.Rbp)]
    public void SimulatedAutocorrelationMatchesFormula(TracerModel model)
    {
        // models.md §7: RBP with τ = 1/D_r, D_a = v₀²/(2D_r) has the AOUP C(t); reference parameters of §1.5
        const double kappa = 1.3, d = 0.5, da = 2, tau = 0.7, dt = 0.05;
        int m = 64, length = 4000;
        var obs = new TracerObservation { Dt = dt };
        var (x, _) = TracerEnsemble.Simulate(m, length, obs, _ => new TracerParameters(model, kappa, d, da, tau), seed: 11);
        foreach (int lag in new[] { 0, 6, 20, 50 })
        {
            // per-trajectory time averages → mean and standard error across trajectories
            var per = new double[m];
            for (int i = 0; i < m; i++)
            {
                double s = 0;
                for (int t = 0; t + lag < length; t++) s += x[i * length + t] * x[i * length + t + lag];
                per[i] = s / (length - lag);
            }
            double mean = per.Average(), se = Math.Sqrt(per.Select(v => (v - mean) * (v - mean)).Sum() / (m - 1) / m);
            double exact = AoupDynamics.Autocorrelation(kappa, d, da, tau, lag * dt);
            Assert.True(Math.Abs(mean - exact) < 4 * se + 0.01 * exact, $"{model} lag {lag}: {mean:F4} ± {se:F4} vs {exact:F4}");
        }
    }
}
