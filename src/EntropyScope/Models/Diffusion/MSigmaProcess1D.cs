namespace EntropyScope.Models.Diffusion;

/// <summary>
/// An (m, σ) schedule acting on 1D Gaussian-mixture data: exact marginal P_t = Σπ_c N(mμ_c, m²s_c² + σ²) and
/// exact velocity ν_t(x) = (σ̇/σ)x − m(σ̇/σ − ṁ/m)ȳ_t(x) (Eqs. 97–98), evaluated in the cancellation-free form
/// ν = σσ̇ Σ_c r_c(x − mμ_c)/b_c² + ṁȳ (b_c² = m²s_c² + σ²), which stays finite at σ = 0 and at m = 0.
/// </summary>
public sealed class MSigmaProcess1D(NoiseSchedule schedule, GaussianMixture1D data) : ForwardProcess1D
{
    public NoiseSchedule Schedule => schedule;
    public GaussianMixture1D Data => data;
    public override string Name => schedule.Name;
    public override double Tau => schedule.Tau;
    public override double ForceRate(double t) => schedule.ForceRate(t);
    public override double Temperature(double t) => schedule.Temperature(t);

    public override double NoiseLevel(double t) => schedule.Sigma(t) / schedule.M(t);

    public GaussianMixture1D Marginal(double t) => data.Marginal(schedule.M(t), schedule.Sigma(t));

    public override double Pdf(double t, double x) => Marginal(t).Pdf(x);

    public override double Quantile(double t, double u) => Marginal(t).Quantile(u);

    public override double Velocity(double t, double x)
    {
        double m = schedule.M(t), s = schedule.Sigma(t), md = schedule.MDot(t), sd = schedule.SigmaDot(t);
        int n = data.Count;
        Span<double> logw = stackalloc double[n];
        double maxLog = double.NegativeInfinity;
        for (int c = 0; c < n; c++)
        {
            double mu = m * data.Means[c], b2 = m * m * data.Sds[c] * data.Sds[c] + s * s;
            logw[c] = Math.Log(data.Weights[c]) - 0.5 * Math.Log(b2) - 0.5 * (x - mu) * (x - mu) / b2;
            maxLog = Math.Max(maxLog, logw[c]);
        }
        double z = 0, drift = 0, ybar = 0;
        for (int c = 0; c < n; c++)
        {
            double r = Math.Exp(logw[c] - maxLog);
            double mu = m * data.Means[c], sc2 = data.Sds[c] * data.Sds[c], b2 = m * m * sc2 + s * s;
            z += r;
            drift += r * (x - mu) / b2;
            ybar += r * (data.Means[c] + m * sc2 * (x - mu) / b2); // E[y | x_t = x] for component c
        }
        return s * sd * drift / z + md * ybar / z;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<double, double> _msv = new();

    /// <summary>E_{P_t}ν² by the trapezoid rule on 4001 points over ±12 s.d. of every component (spectrally accurate); memoised.</summary>
    public override double MeanSquaredVelocity(double t) => _msv.GetOrAdd(t, ComputeMeanSquaredVelocity);

    private double ComputeMeanSquaredVelocity(double t)
    {
        var p = Marginal(t);
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        for (int c = 0; c < p.Count; c++) { lo = Math.Min(lo, p.Means[c] - 12 * p.Sds[c]); hi = Math.Max(hi, p.Means[c] + 12 * p.Sds[c]); }
        const int n = 4001;
        double h = (hi - lo) / (n - 1), sum = 0;
        for (int i = 0; i < n; i++)
        {
            double x = lo + i * h, v = Velocity(t, x);
            sum += (i == 0 || i == n - 1 ? 0.5 : 1) * p.Pdf(x) * v * v;
        }
        return sum * h;
    }
}
