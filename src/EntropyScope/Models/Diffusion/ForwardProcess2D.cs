namespace EntropyScope.Models.Diffusion;

/// <summary>
/// A 2D forward process on empirical data (points interleaved x, y): marginals P_t, mean local velocity ν_t (Eq. 1),
/// and the reverse generative flow dx/dt̃ = −ν_{τ−t̃}(x).
/// </summary>
public abstract class ForwardProcess2D
{
    public abstract string Name { get; }
    public abstract double Tau { get; }

    /// <summary>True when ν_t is a gradient field (no rotational force): then v₂² = T_tṠ_t = E‖ν‖² (Eq. 67).</summary>
    public abstract bool Conservative { get; }

    /// <summary>The isotropic part of the linear force, f_t(x) = a_t x + b_t Jx: a_t (NaN for OT).</summary>
    public abstract double ForceRate(double t);

    public abstract double Temperature(double t);

    /// <summary>ν_t at n points (interleaved) into <paramref name="velocity"/>.</summary>
    public abstract void Velocities(double t, ReadOnlySpan<double> points, Span<double> velocity);

    /// <summary>E_{P_t}‖ν_t‖² = T_tṠ_t (Monte Carlo with common random numbers across t, or exact).</summary>
    public abstract double MeanSquaredVelocity(double t);

    /// <summary>n samples of P_t, and the 2n standard normals they were built from (to couple a perturbed start to them).</summary>
    public abstract (double[] Points, double[] Normals) SampleMarginal(double t, int n, int seed);

    /// <summary>Mean and isotropic s.d. (√ of the mean per-coordinate variance) of P_τ, the exact reverse start.</summary>
    public abstract (double Mx, double My, double Sd) EndMoments();

    /// <summary>The noise level λ_t = σ_t/m_t that EDM's step spacing is defined in. Default: the OT interpolation's t/(τ − t).</summary>
    public virtual double NoiseLevel(double t) => t / (Tau - t);

    /// <summary>The density P_t at (x, y).</summary>
    public abstract double Pdf(double t, double x, double y);

    /// <summary>Positions and velocities ([time][2n]) of particles flowed back from t = τ through the ascending grid
    /// (RK4, at least <paramref name="substeps"/> steps per interval).</summary>
    public (double[][] Position, double[][] Velocity) FlowBack(double[] start, double[] times, int substeps)
    {
        int k = times.Length, len = start.Length;
        var pos = new double[k][];
        var vel = new double[k][];
        var x = (double[])start.Clone();
        var (k1, k2, k3, k4, tmp) = (new double[len], new double[len], new double[len], new double[len], new double[len]);
        double t = Tau;
        for (int j = k - 1; j >= 0; j--)
        {
            if (times[j] < t)
            {
                double target = times[j], uniform = (t - target) / substeps;
                while (t > target)
                {
                    // Near t = 0 the kernel narrows (s_t → 0) and ν contracts at a rate ~1/t: steps of at most 0.1·t
                    // keep explicit RK4 stable and accurate there (geometric stepping down to ε).
                    double h = -Math.Min(t - target, Math.Min(uniform, 0.1 * t));
                    if (t + h - target < 1e-12 * Math.Max(1, target)) h = target - t;
                    Velocities(t, x, k1);
                    for (int i = 0; i < len; i++) tmp[i] = x[i] + h / 2 * k1[i];
                    Velocities(t + h / 2, tmp, k2);
                    for (int i = 0; i < len; i++) tmp[i] = x[i] + h / 2 * k2[i];
                    Velocities(t + h / 2, tmp, k3);
                    for (int i = 0; i < len; i++) tmp[i] = x[i] + h * k3[i];
                    Velocities(t + h, tmp, k4);
                    for (int i = 0; i < len; i++) x[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
                    t += h;
                }
                t = target;
            }
            pos[j] = (double[])x.Clone();
            vel[j] = new double[len];
            Velocities(t, x, vel[j]);
        }
        return (pos, vel);
    }

    internal static double Gaussian(Random rng) => GaussianMixture1D.Gaussian(rng);
}
