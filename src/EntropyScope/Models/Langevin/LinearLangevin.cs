using EntropyScope.Models.Langevin.Algebra;

namespace EntropyScope.Models.Langevin;

/// <summary>
/// Linear overdamped Langevin system γ_i ż_i = Σ_j K_ij z_j + √(2γ_iT_i) ξ_i [CNEEP Eq. (6), (S1)], i.e.
/// dz = 𝒜z dt + √(2𝒟) dW with 𝒜 = Γ⁻¹K and 𝒟 = diag(T_i/γ_i). Exact steady-state quantities (models.md §0).
/// </summary>
public sealed class LinearLangevin
{
    public int Dimension { get; }
    /// <summary>Force matrix K (F = Kz).</summary>
    public Matrix Force { get; }
    public double[] Friction { get; }
    public double[] Temperatures { get; }
    /// <summary>Drift matrix 𝒜 = Γ⁻¹K.</summary>
    public Matrix Drift { get; }
    /// <summary>Diagonal of 𝒟 = diag(T/γ).</summary>
    public double[] Diffusion { get; }
    /// <summary>Steady covariance C: 𝒜C + C𝒜ᵀ + 2𝒟 = 0.</summary>
    public Matrix Covariance { get; }
    public Matrix CovarianceInverse { get; }
    public Cholesky CovarianceFactor { get; }
    public SparseRows SparseForce { get; }
    public SparseRows SparseDrift { get; }

    public LinearLangevin(Matrix force, IReadOnlyList<double> friction, IReadOnlyList<double> temperatures)
    {
        int n = force.N;
        if (friction.Count != n || temperatures.Count != n)
            throw new ArgumentException($"LinearLangevin: K is {n}×{n} but {friction.Count} frictions and {temperatures.Count} temperatures given");
        for (int i = 0; i < n; i++)
        {
            if (!(friction[i] > 0)) throw new InputException($"friction γ_{i} must be > 0 (got {friction[i]})");
            if (!(temperatures[i] > 0)) throw new InputException($"temperature T_{i} must be > 0 (got {temperatures[i]})");
        }
        Dimension = n;
        Force = force;
        Friction = friction.ToArray();
        Temperatures = temperatures.ToArray();
        Drift = new Matrix(n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) Drift[i, j] = force[i, j] / Friction[i];
        Diffusion = new double[n];
        for (int i = 0; i < n; i++) Diffusion[i] = Temperatures[i] / Friction[i];
        Covariance = Lyapunov.Solve(Drift, Matrix.Diagonal(Diffusion.Select(d => 2 * d).ToArray()));
        CovarianceFactor = new Cholesky(Covariance);
        CovarianceInverse = CovarianceFactor.Inverse();
        SparseForce = new SparseRows(Force);
        SparseDrift = new SparseRows(Drift);
    }

    /// <summary>EP rate σ = Tr(𝒜ᵀ𝒟⁻¹𝒜C) + Tr(𝒜) = ⟨vᵀ𝒟⁻¹v⟩ [models.md §0, D].</summary>
    public double EntropyRate
    {
        get
        {
            int n = Dimension;
            var ac = Drift.Multiply(Covariance);
            // Tr(𝒜ᵀ𝒟⁻¹𝒜C) = Σ_ik 𝒜_ki (𝒜C)_ki / 𝒟_k
            double s = 0;
            for (int k = 0; k < n; k++)
                for (int i = 0; i < n; i++) s += Drift[k, i] * ac[k, i] / Diffusion[k];
            return s + Drift.Trace();
        }
    }

    /// <summary>
    /// Exact mean of the per-step ΔS (midpoint medium EP + system part) over the exact OU chain with step Δτ:
    /// ½ Σ_i [K(CΦᵀ − ΦC)]_ii / T_i with Φ = e^{𝒜Δτ} (the system part averages to zero in steady state) [D].
    /// It differs from σΔτ by the O(Δτ) discretisation bias of the midpoint rule, which grows with the stiffest mode.
    /// </summary>
    public double ExpectedStepEntropy(double dt)
    {
        var phi = MatrixExponential.Of(Drift.Scale(dt));
        var pc = phi.Multiply(Covariance);
        var diff = pc.Transpose().Add(pc, 1, -1); // CΦᵀ − ΦC (C symmetric)
        var k = Force.Multiply(diff);
        double s = 0;
        for (int i = 0; i < Dimension; i++) s += k[i, i] / Temperatures[i];
        return 0.5 * s;
    }

    /// <summary>
    /// EP per step visible to any estimator that sees only pairs (z_t, z_{t+Δτ}) of the chain that generated the data
    /// (NEEP, CNEEP with two frames): the KL D(P_f ‖ P_r) of the stationary pair against the swapped pair [D].
    /// Longer windows of a Markov chain add nothing: the KL of an n-state window is (n − 1) times this.
    /// <list type="bullet">
    /// <item><see cref="Integrator.ExactOu"/>: the sampled OU process, Φ = e^{𝒜Δτ} on C. Data processing makes it ≤ σΔτ;
    /// the O(Δτ) gap is what two-point estimators cannot recover (bead-spring at Δτ = 0.01: 0.980σΔτ for N = 2,
    /// 0.984σΔτ for N = 5).</item>
    /// <item><see cref="Integrator.EulerMaruyama"/>: the Euler chain itself, Φ = I + 𝒜Δτ with noise 2𝒟Δτ on its own
    /// stationary covariance. Its log pair ratio is the midpoint ΔS of entropy.npy plus terms of the form f(z_{t+1}) −
    /// f(z_t), so its mean is the mean of entropy.npy, and it is above σΔτ by O(Δτ) (1.0076σΔτ for N = 2, 1.0069σΔτ for
    /// N = 5): a two-point estimator on Euler data can reach it, not only the exact-OU value.</item>
    /// </list>
    /// </summary>
    public double PairEntropy(double dt, Integrator integrator = Integrator.ExactOu)
    {
        if (integrator == Integrator.ExactOu)
            return PairKl(MatrixExponential.Of(Drift.Scale(dt)), Covariance);
        return PairKl(EulerStep(dt), EulerStationaryCovariance(dt));
    }

    /// <summary>Φ = I + 𝒜Δτ, the deterministic part of one Euler–Maruyama step.</summary>
    private Matrix EulerStep(double dt) => Matrix.Identity(Dimension).Add(Drift, 1, dt);

    /// <summary>
    /// Stationary covariance S = ΦSΦᵀ + 2𝒟Δτ of the Euler–Maruyama chain (O(Δτ) away from C). Throws
    /// <see cref="InputException"/> when the chain has none: Δτ so large that I + 𝒜Δτ has spectral radius ≥ 1, where
    /// the simulated trajectory grows without bound.
    /// </summary>
    public Matrix EulerStationaryCovariance(double dt)
    {
        try
        {
            return Lyapunov.SolveDiscrete(EulerStep(dt), Matrix.Diagonal(Diffusion.Select(d => 2 * d * dt).ToArray()));
        }
        catch (InvalidOperationException)
        {
            throw new InputException($"--dt {dt} is too large for the Euler–Maruyama step of this model: I + 𝒜Δτ is unstable " +
                                     "and the trajectory would diverge; use a smaller --dt or --integrator exact");
        }
    }

    /// <summary>
    /// ½[Tr(Σ_r⁻¹Σ_f) − 2N] for the stationary pair of z' = Φz + ξ with stationary covariance S: Σ_f = [[S, SΦᵀ], [ΦS, S]]
    /// and Σ_r = [[S, ΦS], [SΦᵀ, S]], the swapped pair (equal determinants) [D].
    /// </summary>
    private static double PairKl(Matrix phi, Matrix stationary)
    {
        int n = stationary.N, n2 = 2 * n;
        var pc = phi.Multiply(stationary); // ΦS; SΦᵀ = (ΦS)ᵀ
        Matrix forward = new(n2), reversed = new(n2);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double c = stationary[i, j];
                forward[i, j] = forward[n + i, n + j] = reversed[i, j] = reversed[n + i, n + j] = c;
                forward[i, n + j] = reversed[n + i, j] = pc[j, i];   // SΦᵀ
                forward[n + i, j] = reversed[i, n + j] = pc[i, j];   // ΦS
            }
        var trace = new Cholesky(reversed).Inverse().Multiply(forward).Trace();
        return 0.5 * (trace - n2);
    }

    /// <summary>Stationary standard deviation √C_ii of each coordinate.</summary>
    public double[] StationaryStd() => Enumerable.Range(0, Dimension).Select(i => Math.Sqrt(Covariance[i, i])).ToArray();

    /// <summary>
    /// Every coupled pair i &lt; j (K_ij ≠ 0 or K_ji ≠ 0) with ⟨Q̇_ij⟩ = K_ij(𝒜C)_ij = (k_ij/2)(𝒜C − C𝒜ᵀ)_ij and
    /// σ_ij = K_ij(𝒜C)_ij/T_i + K_ji(𝒜C)_ji/T_j, which is ⟨Q̇_ij⟩(1/T_i − 1/T_j) for symmetric K
    /// [CNEEP Eqs. (7)–(8), (S5)–(S8)]. Σ σ_ij = σ; walls (diagonal terms) carry no exchanged EP.
    /// </summary>
    public IReadOnlyList<Bond> Bonds()
    {
        int n = Dimension;
        var ac = Drift.Multiply(Covariance);
        var bonds = new List<Bond>();
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
            {
                if (Force[i, j] == 0 && Force[j, i] == 0) continue;
                double heat = Force[i, j] * ac[i, j];
                double ep = Force[i, j] * ac[i, j] / Temperatures[i] + Force[j, i] * ac[j, i] / Temperatures[j];
                bonds.Add(new Bond(i, j, Force[i, j], heat, ep));
            }
        return bonds;
    }

    /// <summary>−ln p_ss(z) up to a constant: ½ zᵀC⁻¹z (the system-entropy part of ΔS).</summary>
    public double SystemEntropy(ReadOnlySpan<double> z) => 0.5 * CovarianceInverse.QuadraticForm(z);

    /// <summary>
    /// Medium EP of one step, Stratonovich midpoint: Σ_i F_i(z^m) Δz_i / T_i with F = Kz [models.md §0, CNEEP S2–S5].
    /// <paramref name="scratch"/> needs 2·Dimension doubles.
    /// </summary>
    public double MediumEntropy(ReadOnlySpan<double> z0, ReadOnlySpan<double> z1, Span<double> scratch)
    {
        int n = Dimension;
        Span<double> mid = scratch[..n], f = scratch.Slice(n, n);
        for (int i = 0; i < n; i++) mid[i] = 0.5 * (z0[i] + z1[i]);
        SparseForce.Apply(mid, f);
        double s = 0;
        for (int i = 0; i < n; i++) s += f[i] * (z1[i] - z0[i]) / Temperatures[i];
        return s;
    }

    /// <summary>Total stochastic EP of one step: ΔS = ΔS_med + ½z₁ᵀC⁻¹z₁ − ½z₀ᵀC⁻¹z₀.</summary>
    public double StepEntropy(ReadOnlySpan<double> z0, ReadOnlySpan<double> z1, Span<double> scratch) =>
        MediumEntropy(z0, z1, scratch) + SystemEntropy(z1) - SystemEntropy(z0);
}
