namespace EntropyScope.Models.Tracer;

/// <summary>How a tracer trajectory is generated and observed (models.md §7; defaults [assumed]).</summary>
public sealed record TracerObservation
{
    /// <summary>Recorded frame interval Δt.</summary>
    public double Dt { get; init; } = 0.05;
    /// <summary>1 (x only, default) or 2 (x, y; independent x/y thermal and AOUP noise, RBP heading in the plane).</summary>
    public int Dimensions { get; init; } = 1;
    /// <summary>Standard deviation of Gaussian localisation noise added to each recorded position (0 = off).</summary>
    public double LocalisationNoise { get; init; }
    /// <summary>Euler–Maruyama sub-steps per recorded step for RBP [assumed 10].</summary>
    public int RbpSubsteps { get; init; } = 10;
    /// <summary>RBP burn-in in units of max(1/κ, τ) before the first recorded frame (RBP has no Gaussian stationary law to draw from).</summary>
    public double RbpBurnIn { get; init; } = 10;

    public void Validate()
    {
        if (!(Dt > 0) || double.IsInfinity(Dt)) throw new InputException($"--dt: must be a positive finite number, got {Dt}");
        if (Dimensions is not (1 or 2)) throw new InputException($"--dimensions: must be 1 or 2, got {Dimensions}");
        if (!(LocalisationNoise >= 0)) throw new InputException($"--localisation-noise: must be >= 0, got {LocalisationNoise}");
        if (RbpSubsteps < 1) throw new InputException($"--rbp-substeps: must be >= 1, got {RbpSubsteps}");
    }
}

/// <summary>
/// Simulates one trapped-tracer trajectory (models.md §7). Passive and AOUP use the exact-in-distribution step
/// s_{t+1} = Φs_t + N(0, Q) from the stationary start; RBP uses sub-stepped Euler–Maruyama on θ with the
/// exact OU position update over each sub-step (force held constant within it), after a burn-in.
/// </summary>
public static class TracerSimulator
{
    /// <summary>Fills <paramref name="positions"/> (length L × dimensions, row-major by time) with one trajectory.</summary>
    public static void Simulate(TracerParameters p, TracerObservation obs, Random rng, Span<double> positions)
    {
        int dims = obs.Dimensions;
        int length = positions.Length / dims;
        var g = new Gaussian(rng);
        if (p.Model == TracerModel.Rbp) SimulateRbp(p, obs, g, positions, length);
        else
        {
            double da = p.Model == TracerModel.Passive ? 0 : p.Da;
            var dyn = new AoupDynamics(p.Kappa, p.D, da, p.Tau, obs.Dt);
            for (int k = 0; k < dims; k++) SimulateLinear(dyn, g, positions, k, dims, length);
        }
        if (obs.LocalisationNoise > 0)
            for (int i = 0; i < positions.Length; i++) positions[i] += obs.LocalisationNoise * g.Next();
    }

    /// <summary>One coordinate of the linear (x, f) chain: stationary start, then exact steps (models.md §7).</summary>
    private static void SimulateLinear(in AoupDynamics dyn, Gaussian g, Span<double> positions, int component, int dims, int length)
    {
        bool active = dyn.Cff > 0;
        // Stationary start s₀ ~ N(0, C) by 2×2 Cholesky
        var (cl11, cl21, cl22) = Cholesky2(dyn.Cxx, dyn.Cxf, dyn.Cff);
        double z1 = g.Next(), z2 = active ? g.Next() : 0;
        double x = cl11 * z1, f = cl21 * z1 + cl22 * z2;
        var (ql11, ql21, ql22) = Cholesky2(dyn.Qxx, dyn.Qxf, dyn.Qff);
        positions[component] = x;
        for (int t = 1; t < length; t++)
        {
            double e1 = g.Next(), e2 = active ? g.Next() : 0;
            double xn = dyn.Phi11 * x + dyn.Phi12 * f + ql11 * e1;
            double fn = dyn.Phi22 * f + ql21 * e1 + ql22 * e2;
            x = xn; f = fn;
            positions[t * dims + component] = x;
        }
    }

    /// <summary>RBP: θ random walk with variance 2D_rΔh per sub-step; x relaxes exactly in the trap under f = v₀(cos θ, sin θ) held over the sub-step.</summary>
    private static void SimulateRbp(TracerParameters p, TracerObservation obs, Gaussian g, Span<double> positions, int length)
    {
        int dims = obs.Dimensions;
        double h = obs.Dt / obs.RbpSubsteps;
        double a = Math.Exp(-p.Kappa * h);
        double drive = -AoupDynamics.ExpM1(-p.Kappa * h) / p.Kappa;       // ∫₀ʰ e^{−κs} ds
        double noise = Math.Sqrt(p.D / p.Kappa * -AoupDynamics.ExpM1(-2 * p.Kappa * h));
        double angleStep = Math.Sqrt(2 * p.RotationalDiffusion * h);
        double v0 = p.PropulsionSpeed;
        // Start from the second-order-equivalent Gaussian and a uniform heading, then burn in.
        double sx = Math.Sqrt(new AoupDynamics(p.Kappa, p.D, p.Da, p.Tau, obs.Dt).Cxx);
        double x = sx * g.Next(), y = dims == 2 ? sx * g.Next() : 0;
        double theta = 2 * Math.PI * g.Rng.NextDouble();
        long burn = (long)Math.Ceiling(obs.RbpBurnIn * Math.Max(1 / p.Kappa, p.Tau) / h);
        for (long i = 0; i < burn; i++) Substep();
        for (int t = 0; t < length; t++)
        {
            if (t > 0) for (int s = 0; s < obs.RbpSubsteps; s++) Substep();
            positions[t * dims] = x;
            if (dims == 2) positions[t * dims + 1] = y;
        }

        void Substep()
        {
            x = a * x + drive * v0 * Math.Cos(theta) + noise * g.Next();
            if (dims == 2) y = a * y + drive * v0 * Math.Sin(theta) + noise * g.Next();
            theta += angleStep * g.Next();
        }
    }

    /// <summary>Lower Cholesky factor of [[a, b], [b, c]], tolerant of a (numerically) singular PSD matrix.</summary>
    internal static (double L11, double L21, double L22) Cholesky2(double a, double b, double c)
    {
        double l11 = Math.Sqrt(Math.Max(a, 0));
        double l21 = l11 > 0 ? b / l11 : 0;
        double l22 = Math.Sqrt(Math.Max(c - l21 * l21, 0));
        return (l11, l21, l22);
    }
}
