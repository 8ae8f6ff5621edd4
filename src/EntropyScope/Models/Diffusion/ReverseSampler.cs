namespace EntropyScope.Models.Diffusion;

/// <summary>How the reverse (generative) probability-flow ODE dx/dt̃ = −ν_{τ−t̃}(x) is integrated.</summary>
public enum SamplerKind
{
    /// <summary>The accurate flow: RK4 on the fine analysis grid (the exact probability-flow map up to ~1e-8).</summary>
    Exact,
    /// <summary>Explicit Euler with K uniform steps in t (one velocity evaluation per step; DDIM-like).</summary>
    Euler,
    /// <summary>Heun's second-order method (explicit trapezoid) with K steps, as in EDM (Karras et al. 2022, Algorithm 1):
    /// two evaluations per step, except the last step (to t_0 ≈ 0, where the score of empirical data is singular), which
    /// is an Euler step — 2K − 1 evaluations.</summary>
    Heun,
}

/// <summary>Where the K solver steps go.</summary>
public enum StepSpacing
{
    /// <summary>t_j = t_lo + (t_hi − t_lo)·j/K.</summary>
    Uniform,
    /// <summary>
    /// Karras et al. (EDM, 2022, Eq. 5): noise levels λ = σ/m from λ_max = 80 down to λ_min = 0.002 with ρ = 7 at K − 1
    /// points, mapped to t through the process's λ(t); the first step runs from the start t_hi to λ_max and the last from
    /// λ_min to t_lo. When λ(t_hi) &lt; 80, λ_max = λ(t_hi) and the K Karras points end at the start.
    /// </summary>
    Edm,
}

/// <summary>
/// A reverse sampler as a diffusion model actually uses it: a fixed solver with a finite number K of steps on a fixed
/// grid (uniform in t, or EDM's noise-level spacing). With exact scores, Euler and Heun differ from the exact flow only by
/// their discretisation error, which is what makes η depend on the schedule (docs/diffusion.md, "Discretised samplers").
/// </summary>
public sealed record ReverseSampler(SamplerKind Kind, int Steps, StepSpacing Spacing = StepSpacing.Uniform)
{
    public static readonly ReverseSampler Exact = new(SamplerKind.Exact, 0);

    public static readonly string[] Names = ["exact", "euler", "heun"];

    /// <summary>EDM's noise-level range and exponent (Karras et al. 2022, Table 1).</summary>
    public const double EdmLambdaMax = 80, EdmLambdaMin = 0.002, EdmRho = 7;

    /// <summary>"exact", or e.g. "euler-10" / "euler-edm-10": the label used in tables, JSON and file names.</summary>
    public string Label => Kind == SamplerKind.Exact ? "exact" : Spacing == StepSpacing.Edm ? $"{Name}-edm-{Steps}" : $"{Name}-{Steps}";

    public string Name => Kind switch { SamplerKind.Euler => "euler", SamplerKind.Heun => "heun", _ => "exact" };

    /// <summary>Velocity evaluations per particle (Euler K, Heun 2K − 1; 0 for the exact flow, whose cost depends on its grid).</summary>
    public int FunctionEvaluations => Kind switch { SamplerKind.Euler => Steps, SamplerKind.Heun => 2 * Steps - 1, _ => 0 };

    /// <summary>Parses a sampler name (exact | euler | heun) with its step count; bad input is an <see cref="InputException"/>.</summary>
    public static ReverseSampler Parse(string name, int steps, string spacing = "uniform")
    {
        var sp = spacing switch
        {
            "uniform" => StepSpacing.Uniform,
            "edm" => StepSpacing.Edm,
            _ => throw new InputException($"--spacing: unknown spacing \"{spacing}\" (expected uniform or edm)"),
        };
        var kind = name switch
        {
            "exact" => SamplerKind.Exact,
            "euler" => SamplerKind.Euler,
            "heun" => SamplerKind.Heun,
            _ => throw new InputException($"--sampler: unknown sampler \"{name}\" (expected exact, euler or heun)"),
        };
        if (kind == SamplerKind.Exact) return Exact;
        if (steps <= 0) throw new InputException($"--steps must be ≥ 1 (got {steps})");
        if (sp == StepSpacing.Edm && steps < 3) throw new InputException($"--steps must be ≥ 3 with --spacing edm (got {steps})");
        return new ReverseSampler(kind, steps, sp);
    }

    /// <summary>
    /// The K + 1 solver times, ascending from <paramref name="lo"/> to <paramref name="hi"/>. <paramref name="noiseLevel"/>
    /// is the process's increasing λ(t) = σ_t/m_t, used by the EDM spacing only.
    /// </summary>
    public double[] Times(double lo, double hi, Func<double, double>? noiseLevel = null)
    {
        if (Kind == SamplerKind.Exact) throw new InvalidOperationException("the exact sampler runs on the analysis grid");
        var t = new double[Steps + 1];
        t[0] = lo;
        t[Steps] = hi;
        if (Spacing == StepSpacing.Uniform)
        {
            for (int j = 1; j < Steps; j++) t[j] = lo + (hi - lo) * j / Steps;
            return t;
        }
        if (noiseLevel is null) throw new ArgumentNullException(nameof(noiseLevel), "the EDM spacing needs λ(t)");
        // Karras points λ_max = λ_{n−1} > … > λ_0 = λ_min at t_1 < … < t_n. A process whose start is less noisy than
        // λ = 80 (the rotating force: λ_τ ≈ 1) takes λ_max = λ(t_hi), as EDM sets σ_max to the prior's scale; then
        // the top Karras point is the start itself and all K steps lie on the Karras grid.
        double lambdaHi = noiseLevel(hi), lambdaMax = Math.Min(EdmLambdaMax, lambdaHi);
        int n = lambdaHi > EdmLambdaMax ? Steps - 1 : Steps;
        double a = Math.Pow(lambdaMax, 1 / EdmRho), b = Math.Pow(EdmLambdaMin, 1 / EdmRho);
        for (int i = 0; i < n - (n == Steps ? 1 : 0); i++)
        {
            double lambda = Math.Pow(b + (a - b) * i / (n - 1), EdmRho);
            t[i + 1] = TimeOfNoiseLevel(noiseLevel, lambda, lo, hi);
        }
        for (int j = 1; j <= Steps; j++)
            if (!(t[j] > t[j - 1]))
                throw new InputException($"--spacing edm: the noise level σ/m of the schedule does not rise from {EdmLambdaMin} to min({EdmLambdaMax}, λ(τ)) inside [{lo}, {hi}]");
        return t;
    }

    /// <summary>The t in (lo, hi) with λ(t) = <paramref name="lambda"/> (bisection on the increasing λ).</summary>
    private static double TimeOfNoiseLevel(Func<double, double> noiseLevel, double lambda, double lo, double hi)
    {
        double a = lo, b = hi;
        for (int it = 0; it < 200 && b - a > 1e-15 * Math.Max(1, b); it++)
        {
            double mid = 0.5 * (a + b);
            if (noiseLevel(mid) < lambda) a = mid; else b = mid;
        }
        return 0.5 * (a + b);
    }

    /// <summary>
    /// One reverse step of all particles from t_from down to t_to (t_to &lt; t_from): Euler x ← x − hν(t_from, x), or Heun
    /// x ← x − h(ν(t_from, x) + ν(t_to, x − hν(t_from, x)))/2, with h = t_from − t_to; Heun's <paramref name="last"/> step
    /// is an Euler step (EDM Algorithm 1). <paramref name="velocities"/>(t, x, v) fills v with ν_t at the points x.
    /// </summary>
    public void Step(double tFrom, double tTo, Span<double> x, VelocityField velocities, Span<double> k1, Span<double> k2, Span<double> tmp,
        bool last = false)
    {
        double h = tFrom - tTo;
        velocities(tFrom, x, k1);
        if (Kind == SamplerKind.Euler || last)
        {
            for (int i = 0; i < x.Length; i++) x[i] -= h * k1[i];
            return;
        }
        for (int i = 0; i < x.Length; i++) tmp[i] = x[i] - h * k1[i];
        velocities(tTo, tmp, k2);
        for (int i = 0; i < x.Length; i++) x[i] -= h / 2 * (k1[i] + k2[i]);
    }

    /// <summary>
    /// Runs the sampler from positions at t_K = times[^1] down to times[0]; returns the positions at every solver time
    /// ([time][coordinate], index K = the start).
    /// </summary>
    public double[][] Run(double[] start, double[] times, VelocityField velocities)
    {
        int k = times.Length, len = start.Length;
        var pos = new double[k][];
        var x = (double[])start.Clone();
        var (k1, k2, tmp) = (new double[len], new double[len], new double[len]);
        pos[k - 1] = (double[])x.Clone();
        for (int j = k - 1; j > 0; j--)
        {
            Step(times[j], times[j - 1], x, velocities, k1, k2, tmp, last: j == 1);
            pos[j - 1] = (double[])x.Clone();
        }
        return pos;
    }
}

/// <summary>ν_t at a set of points (1D: one value per point; 2D: interleaved x, y) into <c>velocity</c>.</summary>
public delegate void VelocityField(double t, ReadOnlySpan<double> points, Span<double> velocity);
