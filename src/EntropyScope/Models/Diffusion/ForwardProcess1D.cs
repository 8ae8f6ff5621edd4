namespace EntropyScope.Models.Diffusion;

/// <summary>
/// A 1D forward (noising) process on t ∈ [0, τ] with known marginals P_t and mean local velocity
/// ν_t = f_t − T_t∂_x ln P_t (Eq. 1). The reverse generative flow is dx/dt̃ = −ν_{τ−t̃}(x).
/// </summary>
public abstract class ForwardProcess1D
{
    public abstract string Name { get; }
    public abstract double Tau { get; }

    /// <summary>ν_t(x).</summary>
    public abstract double Velocity(double t, double x);

    /// <summary>The force coefficient f_t(x)/x (NaN where the process has no fixed force, e.g. OT).</summary>
    public abstract double ForceRate(double t);

    /// <summary>T_t (NaN where the process does not fix it, e.g. OT: any T with f = ν + T∂ln P realises it).</summary>
    public abstract double Temperature(double t);

    /// <summary>E_{P_t}[ν_t²] = T_tṠ_t (Eq. 36); in 1D also v₂(t)² (the flow is a gradient).</summary>
    public abstract double MeanSquaredVelocity(double t);

    /// <summary>The noise level λ_t = σ_t/m_t that EDM's step spacing is defined in. Default: the OT interpolation
    /// x_t = (1 − t/τ)x₀ + (t/τ)z, whose noise-to-signal ratio is t/(τ − t) (as for cond-OT).</summary>
    public virtual double NoiseLevel(double t) => t / (Tau - t);

    /// <summary>The marginal density P_t(x).</summary>
    public abstract double Pdf(double t, double x);

    /// <summary>The quantile F_{P_t}⁻¹(u).</summary>
    public abstract double Quantile(double t, double u);

    /// <summary>
    /// Flows particles backwards from their positions at t = τ through <paramref name="times"/> (ascending, all &lt; τ or ≤ τ)
    /// and returns positions and velocities at each time ([time, particle]). Default: RK4 between the grid times.
    /// </summary>
    public virtual (double[,] Position, double[,] Velocity) FlowBack(double[] start, double[] times, int substeps = 1)
    {
        int n = start.Length, k = times.Length;
        var pos = new double[k, n];
        var vel = new double[k, n];
        var x = (double[])start.Clone();
        double t = Tau;
        for (int j = k - 1; j >= 0; j--)
        {
            double target = times[j];
            if (target < t)
            {
                double h = (target - t) / substeps; // negative: forward-time ODE integrated backwards
                for (int s = 0; s < substeps; s++, t += h)
                    for (int i = 0; i < n; i++) x[i] = Rk4(t, x[i], h);
                t = target;
            }
            for (int i = 0; i < n; i++) { pos[j, i] = x[i]; vel[j, i] = Velocity(t, x[i]); }
        }
        return (pos, vel);
    }

    private double Rk4(double t, double x, double h)
    {
        double k1 = Velocity(t, x);
        double k2 = Velocity(t + h / 2, x + h / 2 * k1);
        double k3 = Velocity(t + h / 2, x + h / 2 * k2);
        double k4 = Velocity(t + h, x + h * k3);
        return x + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
    }
}
