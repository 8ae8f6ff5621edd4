using EntropyScope.Models.Langevin.Algebra;

namespace EntropyScope.Models.Langevin;

/// <summary>
/// Simulates stationary trajectories of a <see cref="LinearLangevin"/> system and their true per-step EP.
/// The initial state is drawn from N(0, C) (Cholesky), with no burn-in [models.md §0].
/// </summary>
public sealed class LangevinSimulator
{
    public LinearLangevin Model { get; }
    public double Dt { get; }
    public Integrator Integrator { get; }
    private readonly Matrix? _phi;
    private readonly Cholesky? _stepNoise;
    private readonly double[] _eulerNoise;

    public LangevinSimulator(LinearLangevin model, double dt, Integrator integrator = Integrator.EulerMaruyama)
    {
        if (!(dt > 0) || double.IsInfinity(dt)) throw new InputException($"--dt must be > 0 (got {dt})");
        Model = model; Dt = dt; Integrator = integrator;
        _eulerNoise = model.Diffusion.Select(d => Math.Sqrt(2 * d * dt)).ToArray();
        if (integrator == Integrator.EulerMaruyama) model.EulerStationaryCovariance(dt); // fails early, before anything is simulated, if Δτ makes the chain diverge
        if (integrator == Integrator.ExactOu)
        {
            _phi = MatrixExponential.Of(model.Drift.Scale(dt));
            var c = model.Covariance;
            var noise = c.Add(_phi.Multiply(c).Multiply(_phi.Transpose()), 1, -1).Symmetrize();
            _stepNoise = new Cholesky(noise);
        }
    }

    /// <summary>Draws z ~ N(0, C).</summary>
    public void DrawStationary(ref Xoshiro256 rng, Span<double> z)
    {
        int n = Model.Dimension;
        Span<double> xi = stackalloc double[n];
        for (int i = 0; i < n; i++) xi[i] = rng.NextGaussian();
        Model.CovarianceFactor.Apply(xi, z);
    }

    /// <summary>One step z0 → z1 (scratch: Dimension doubles).</summary>
    public void Step(ref Xoshiro256 rng, ReadOnlySpan<double> z0, Span<double> z1, Span<double> scratch)
    {
        int n = Model.Dimension;
        if (Integrator == Integrator.EulerMaruyama)
        {
            Model.SparseDrift.Apply(z0, z1);
            for (int i = 0; i < n; i++) z1[i] = z0[i] + z1[i] * Dt + _eulerNoise[i] * rng.NextGaussian();
        }
        else
        {
            _phi!.Apply(z0, z1);
            for (int i = 0; i < n; i++) scratch[i] = rng.NextGaussian();
            Span<double> noise = n <= 256 ? stackalloc double[n] : new double[n];
            _stepNoise!.Apply(scratch[..n], noise);
            for (int i = 0; i < n; i++) z1[i] += noise[i];
        }
    }

    /// <summary>
    /// Fills <paramref name="trajectory"/> (frames × Dimension, row-major) from a stationary start and
    /// <paramref name="entropy"/> (frames − 1) with the true ΔS of every step.
    /// </summary>
    public void Simulate(ref Xoshiro256 rng, int frames, Span<double> trajectory, Span<double> entropy)
    {
        int n = Model.Dimension;
        if (trajectory.Length != (long)frames * n || entropy.Length != Math.Max(0, frames - 1))
            throw new ArgumentException("LangevinSimulator.Simulate: buffer sizes do not match frames × dimension");
        var scratch = new double[2 * n];
        DrawStationary(ref rng, trajectory[..n]);
        double systemPrev = Model.SystemEntropy(trajectory[..n]);
        for (int t = 1; t < frames; t++)
        {
            ReadOnlySpan<double> z0 = trajectory.Slice((t - 1) * n, n);
            Span<double> z1 = trajectory.Slice(t * n, n);
            Step(ref rng, z0, z1, scratch);
            double system = Model.SystemEntropy(z1);
            entropy[t - 1] = Model.MediumEntropy(z0, z1, scratch) + system - systemPrev;
            systemPrev = system;
        }
    }
}
