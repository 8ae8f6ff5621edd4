namespace EntropyScope.Models.Diffusion;

/// <summary>How the reverse (generative) probability-flow ODE dx/dt̃ = −ν_{τ−t̃}(x) is integrated.</summary>
public enum SamplerKind
{
    /// <summary>The accurate flow: RK4 on the fine analysis grid (the exact probability-flow map up to ~1e-8).</summary>
    Exact,
    /// <summary>Explicit Euler with K uniform steps in t (one velocity evaluation per step; DDIM-like).</summary>
    Euler,
    /// <summary>Heun's second-order method (explicit trapezoid) with K uniform steps (two evaluations per step).</summary>
    Heun,
}

/// <summary>
/// A reverse sampler as a diffusion model actually uses it: a fixed solver with a finite number K of steps on the
/// uniform grid t_j = t_lo + (t_hi − t_lo)·j/K. With exact scores, Euler and Heun differ from the exact flow only by their
/// discretisation error, which is what makes η depend on the schedule (docs/diffusion.md, "Discretised samplers").
/// </summary>
public sealed record ReverseSampler(SamplerKind Kind, int Steps)
{
    public static readonly ReverseSampler Exact = new(SamplerKind.Exact, 0);

    public static readonly string[] Names = ["exact", "euler", "heun"];

    /// <summary>"exact", or e.g. "euler-10": the label used in tables, JSON and file names.</summary>
    public string Label => Kind == SamplerKind.Exact ? "exact" : $"{Name}-{Steps}";

    public string Name => Kind switch { SamplerKind.Euler => "euler", SamplerKind.Heun => "heun", _ => "exact" };

    /// <summary>Velocity evaluations per particle (Euler K, Heun 2K; 0 for the exact flow, whose cost depends on its grid).</summary>
    public int FunctionEvaluations => Kind switch { SamplerKind.Euler => Steps, SamplerKind.Heun => 2 * Steps, _ => 0 };

    /// <summary>Parses a sampler name (exact | euler | heun) with its step count; bad input is an <see cref="InputException"/>.</summary>
    public static ReverseSampler Parse(string name, int steps)
    {
        var kind = name switch
        {
            "exact" => SamplerKind.Exact,
            "euler" => SamplerKind.Euler,
            "heun" => SamplerKind.Heun,
            _ => throw new InputException($"--sampler: unknown sampler \"{name}\" (expected exact, euler or heun)"),
        };
        if (kind == SamplerKind.Exact) return Exact;
        if (steps <= 0) throw new InputException($"--steps must be ≥ 1 (got {steps})");
        return new ReverseSampler(kind, steps);
    }

    /// <summary>The K + 1 solver times, ascending from <paramref name="lo"/> to <paramref name="hi"/> (uniform in t).</summary>
    public double[] Times(double lo, double hi)
    {
        if (Kind == SamplerKind.Exact) throw new InvalidOperationException("the exact sampler runs on the analysis grid");
        var t = new double[Steps + 1];
        for (int j = 0; j <= Steps; j++) t[j] = lo + (hi - lo) * j / Steps;
        t[Steps] = hi;
        return t;
    }

    /// <summary>
    /// One reverse step of all particles from t_from down to t_to (t_to &lt; t_from): Euler x ← x − hν(t_from, x), or Heun
    /// x ← x − h(ν(t_from, x) + ν(t_to, x − hν(t_from, x)))/2, with h = t_from − t_to. <paramref name="velocities"/>(t, x, v)
    /// fills v with ν_t at the points x.
    /// </summary>
    public void Step(double tFrom, double tTo, Span<double> x, VelocityField velocities, Span<double> k1, Span<double> k2, Span<double> tmp)
    {
        double h = tFrom - tTo;
        velocities(tFrom, x, k1);
        if (Kind == SamplerKind.Euler)
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
            Step(times[j], times[j - 1], x, velocities, k1, k2, tmp);
            pos[j - 1] = (double[])x.Clone();
        }
        return pos;
    }
}

/// <summary>ν_t at a set of points (1D: one value per point; 2D: interleaved x, y) into <c>velocity</c>.</summary>
public delegate void VelocityField(double t, ReadOnlySpan<double> points, Span<double> velocity);
