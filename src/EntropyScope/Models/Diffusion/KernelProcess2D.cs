namespace EntropyScope.Models.Diffusion;

/// <summary>
/// A 2D process whose kernel is an isotropic Gaussian around a rotated, scaled copy of each data point:
/// P_t(x | y) = N(α_t R(θ_t) y, s_t² I), so P_t is a mixture of N_D Gaussians with an exact score
/// ∇ln P_t(x) = (μ̄_t(x) − x)/s_t², μ̄_t(x) = E[α_t R(θ_t) y | x_t = x] (models.md §8), and ν_t = f_t − T_t∇ln P_t (Eq. 1).
/// </summary>
public abstract class KernelProcess2D(double[] data, int seed) : ForwardProcess2D
{
    protected readonly double[] Data = data;
    protected int N => Data.Length / 2;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<double, double> _msv = new();
    private (int[] Index, double[] Z)? _crn;

    /// <summary>Monte Carlo points per time for E‖ν‖² (common random numbers across t keep the integrand smooth in t).</summary>
    public int MonteCarloPoints { get; init; } = 2000;

    /// <summary>(α_t, θ_t, s_t) of the kernel.</summary>
    public abstract (double Alpha, double Theta, double S) Kernel(double t);

    /// <summary>λ_t = s_t/α_t: the kernel's noise-to-signal ratio (σ/m for an (m, σ) schedule; increasing since d(s²/α²)/dt = 2T_t/α² ≥ 0).</summary>
    public override double NoiseLevel(double t)
    {
        var (alpha, _, s) = Kernel(t);
        return s / alpha;
    }

    /// <summary>ν_t(x) given x, the posterior mean ȳ = E[y | x_t = x] (unmapped) and the kernel at t.</summary>
    protected abstract (double Vx, double Vy) Combine(double t, (double Alpha, double Theta, double S) kernel, double x, double y, double ybx, double yby);

    public override void Velocities(double t, ReadOnlySpan<double> points, Span<double> velocity)
    {
        var (alpha, theta, s) = Kernel(t);
        double c = Math.Cos(theta) * alpha, sn = Math.Sin(theta) * alpha, inv2s2 = 1 / (2 * s * s);
        int n = N, m = points.Length / 2;
        var centers = new double[2 * n];
        for (int i = 0; i < n; i++)
        {
            double yx = Data[2 * i], yy = Data[2 * i + 1];
            centers[2 * i] = c * yx - sn * yy;
            centers[2 * i + 1] = sn * yx + c * yy;
        }
        var logw = new double[n];
        for (int k = 0; k < m; k++)
        {
            double x = points[2 * k], y = points[2 * k + 1], max = double.NegativeInfinity;
            for (int i = 0; i < n; i++)
            {
                double dx = x - centers[2 * i], dy = y - centers[2 * i + 1];
                double lw = -(dx * dx + dy * dy) * inv2s2;
                logw[i] = lw;
                if (lw > max) max = lw;
            }
            double z = 0, bx = 0, by = 0;
            for (int i = 0; i < n; i++)
            {
                double w = Math.Exp(logw[i] - max);
                z += w;
                bx += w * Data[2 * i];
                by += w * Data[2 * i + 1];
            }
            var (vx, vy) = Combine(t, (alpha, theta, s), x, y, bx / z, by / z);
            velocity[2 * k] = vx;
            velocity[2 * k + 1] = vy;
        }
    }

    public override double MeanSquaredVelocity(double t) => _msv.GetOrAdd(t, ComputeMeanSquaredVelocity);

    private double ComputeMeanSquaredVelocity(double t)
    {
        var (index, z) = _crn ??= CommonRandomNumbers();
        var pts = Place(t, index, z);
        var v = new double[pts.Length];
        Velocities(t, pts, v);
        double sum = 0;
        foreach (double x in v) sum += x * x;
        return sum / index.Length;
    }

    private (int[], double[]) CommonRandomNumbers()
    {
        var rng = new Random(seed);
        int k = MonteCarloPoints;
        var index = new int[k];
        var z = new double[2 * k];
        for (int i = 0; i < k; i++)
        {
            index[i] = rng.Next(N);
            z[2 * i] = Gaussian(rng);
            z[2 * i + 1] = Gaussian(rng);
        }
        return (index, z);
    }

    private double[] Place(double t, int[] index, double[] z)
    {
        var (alpha, theta, s) = Kernel(t);
        double c = Math.Cos(theta) * alpha, sn = Math.Sin(theta) * alpha;
        var pts = new double[2 * index.Length];
        for (int k = 0; k < index.Length; k++)
        {
            double yx = Data[2 * index[k]], yy = Data[2 * index[k] + 1];
            pts[2 * k] = c * yx - sn * yy + s * z[2 * k];
            pts[2 * k + 1] = sn * yx + c * yy + s * z[2 * k + 1];
        }
        return pts;
    }

    public override (double[] Points, double[] Normals) SampleMarginal(double t, int n, int seed2)
    {
        var rng = new Random(seed2);
        var index = new int[n];
        var z = new double[2 * n];
        for (int i = 0; i < n; i++) { index[i] = rng.Next(N); z[2 * i] = Gaussian(rng); z[2 * i + 1] = Gaussian(rng); }
        return (Place(t, index, z), z);
    }

    /// <summary>P_τ = mixture of N(αR y_i, s²I): mean αR·ȳ, per-coordinate variance α²·mean‖y − ȳ‖²/2 + s².</summary>
    public override (double Mx, double My, double Sd) EndMoments()
    {
        var (alpha, theta, s) = Kernel(Tau);
        double mx = 0, my = 0, spread = 0;
        for (int i = 0; i < N; i++) { mx += Data[2 * i]; my += Data[2 * i + 1]; }
        (mx, my) = (mx / N, my / N);
        for (int i = 0; i < N; i++) spread += Math.Pow(Data[2 * i] - mx, 2) + Math.Pow(Data[2 * i + 1] - my, 2);
        double c = Math.Cos(theta) * alpha, sn = Math.Sin(theta) * alpha;
        return (c * mx - sn * my, sn * mx + c * my, Math.Sqrt(alpha * alpha * spread / N / 2 + s * s));
    }

    public override double Pdf(double t, double x, double y)
    {
        var (alpha, theta, s) = Kernel(t);
        double c = Math.Cos(theta) * alpha, sn = Math.Sin(theta) * alpha, sum = 0;
        for (int i = 0; i < N; i++)
        {
            double dx = x - (c * Data[2 * i] - sn * Data[2 * i + 1]), dy = y - (sn * Data[2 * i] + c * Data[2 * i + 1]);
            sum += Math.Exp(-(dx * dx + dy * dy) / (2 * s * s));
        }
        return sum / (N * 2 * Math.PI * s * s);
    }
}

/// <summary>An (m, σ) schedule on 2D data: α = m, θ = 0, s = σ; ν = (σ̇/σ)(x − mȳ) + ṁȳ (Eqs. 97–98, finite at m = 0).</summary>
public sealed class MSigmaProcess2D(NoiseSchedule schedule, double[] data, int seed) : KernelProcess2D(data, seed)
{
    public override string Name => schedule.Name;
    public override double Tau => schedule.Tau;
    public override bool Conservative => true;
    public override double ForceRate(double t) => schedule.ForceRate(t);
    public override double Temperature(double t) => schedule.Temperature(t);
    public override (double Alpha, double Theta, double S) Kernel(double t) => (schedule.M(t), 0, schedule.Sigma(t));

    protected override (double Vx, double Vy) Combine(double t, (double Alpha, double Theta, double S) kernel, double x, double y, double ybx, double yby)
    {
        double m = schedule.M(t), r = schedule.SigmaDot(t) / schedule.Sigma(t), md = schedule.MDot(t);
        return (r * (x - m * ybx) + md * ybx, r * (y - m * yby) + md * yby);
    }
}

/// <summary>
/// The rotating, non-conservative force of SpeedAcc Eq. 99: f_t(x) = [[H_t, −G_t], [G_t, H_t]]x with
/// H_t = −h(1 − t/τ) − T_t, G_t = g(1 − t/τ), T_t = T_fin(t/τ)². Kernel: α_t = exp∫₀ᵗH, θ_t = ∫₀ᵗG, and
/// s_t² = ∫₀ᵗ 2T_u exp(2∫_u^t H) du, the solution of d(s²)/dt = 2H_t s² + 2T_t with s₀ = 0 (models.md §8).
/// </summary>
public sealed class RotatingForceProcess2D(double[] data, double g, int seed, double h = 1.1, double tFinal = 0.5, double tau = 1)
    : KernelProcess2D(data, seed)
{
    public double G => g;
    public override string Name => FormattableString.Invariant($"rotating-g{g:0.###}");
    public override double Tau => tau;
    public override bool Conservative => g == 0;
    public override double Temperature(double t) => tFinal * (t / tau) * (t / tau);
    public double H(double t) => -h * (1 - t / tau) - Temperature(t);
    public double GRate(double t) => g * (1 - t / tau);
    public override double ForceRate(double t) => H(t);

    /// <summary>∫₀ᵗH = −h(t − t²/2τ) − T_fin t³/(3τ²).</summary>
    public double IntegratedH(double t) => -h * (t - t * t / (2 * tau)) - tFinal * t * t * t / (3 * tau * tau);

    public override (double Alpha, double Theta, double S) Kernel(double t)
    {
        double ih = IntegratedH(t);
        double s2 = t <= 0 ? 0 : GaussLegendre.Integrate(u => 2 * Temperature(u) * Math.Exp(2 * (ih - IntegratedH(u))), 0, t, 1, 24);
        return (Math.Exp(ih), g * (t - t * t / (2 * tau)), Math.Sqrt(s2));
    }

    protected override (double Vx, double Vy) Combine(double t, (double Alpha, double Theta, double S) kernel, double x, double y, double ybx, double yby)
    {
        var (alpha, theta, s) = kernel;
        double c = Math.Cos(theta) * alpha, sn = Math.Sin(theta) * alpha;
        double mx = c * ybx - sn * yby, my = sn * ybx + c * yby; // μ̄ = αR(θ)ȳ
        double hh = H(t), gg = GRate(t), k = Temperature(t) / (s * s);
        return (hh * x - gg * y - k * (mx - x), gg * x + hh * y - k * (my - y));
    }
}
