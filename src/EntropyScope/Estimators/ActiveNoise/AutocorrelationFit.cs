using EntropyScope.Models.Tracer;

namespace EntropyScope.Estimators.ActiveNoise;

/// <summary>Options of the autocorrelation fit (estimators.md §5) [assumed defaults].</summary>
public sealed record AutocorrelationFitOptions
{
    /// <summary>Fit lags t′ = jΔt ≤ MaxLagTime (and j ≤ L/4).</summary>
    public double MaxLagTime { get; init; } = 5.0;
    /// <summary>Fix κ (e.g. from a passive calibration) to remove the κ ↔ 1/τ labelling ambiguity; null fits κ.</summary>
    public double? Kappa { get; init; } = 1.0;
    /// <summary>Parametric-bootstrap replicas for the uncertainties of a single-trajectory fit (0 = none).</summary>
    public int BootstrapReplicas { get; init; } = 40;
}

/// <summary>One parameter set (κ, D, D_a, τ) that reproduces the fitted curve.</summary>
public readonly record struct TracerFitParameters(double Kappa, double D, double Da, double Tau);

/// <summary>Fit result: best parameters, every equivalent labelling with D, D_a ≥ 0, residual, bootstrap 16–84% intervals.</summary>
public sealed record AutocorrelationFitResult
{
    public required TracerFitParameters Best { get; init; }
    public required IReadOnlyList<TracerFitParameters> Labellings { get; init; }
    public required double RootMeanSquareResidual { get; init; }
    public required int Lags { get; init; }
    /// <summary>16th–84th percentile of each parameter over parametric-bootstrap refits (null without bootstrap).</summary>
    public (double Lo, double Hi)? DInterval { get; init; }
    public (double Lo, double Hi)? DaInterval { get; init; }
    public (double Lo, double Hi)? TauInterval { get; init; }
    public (double Lo, double Hi)? KappaInterval { get; init; }
}

/// <summary>
/// Nonlinear least squares (Levenberg–Marquardt in log-parameters, uniform weights over t′ ≤ t_max) of the AOUP
/// autocorrelation C(t′) of models.md §7 to an empirical one. C(t′) = A e^{−κt′} + B e^{−t′/τ}, so with κ free the
/// rates κ and 1/τ can swap: every labelling with D, D_a ≥ 0 is reported. RBP has the same C(t′), so this fit
/// cannot distinguish AOUP from RBP.
/// </summary>
public static class AutocorrelationFit
{
    public static AutocorrelationFitResult Fit(double[] c, double dt, AutocorrelationFitOptions options)
    {
        int lags = LagCount(c.Length, dt, options);
        var target = c.AsSpan(0, lags).ToArray();
        double c0 = Math.Max(target[0], 1e-12);
        bool fitKappa = options.Kappa is null;
        double kappaFixed = options.Kappa ?? 1.0;
        double[] best = []; double bestRss = double.PositiveInfinity;
        foreach (double kappa0 in fitKappa ? new[] { 0.3, 1.0, 3.0 } : [kappaFixed])
            foreach (double tau0 in new[] { 0.2, 1.0, 5.0 })
                foreach (double share in new[] { 0.2, 0.7 })
                {
                    // D/κ + D_a/(κ(1+κτ)) = C(0) split between thermal and active parts
                    double d0 = share * c0 * kappa0, da0 = (1 - share) * c0 * kappa0 * (1 + kappa0 * tau0);
                    double[] start = fitKappa ? [Math.Log(kappa0), Math.Log(d0), Math.Log(da0), Math.Log(tau0)] : [Math.Log(d0), Math.Log(da0), Math.Log(tau0)];
                    var (p, rss) = LevenbergMarquardt(th => Curve(Unpack(th, fitKappa, kappaFixed), dt, lags), target, start);
                    if (rss < bestRss) { bestRss = rss; best = p; }
                }
        var fit = Unpack(best, fitKappa, kappaFixed);
        return new AutocorrelationFitResult
        {
            Best = fit,
            Labellings = fitKappa ? Labellings(fit) : [fit],
            RootMeanSquareResidual = Math.Sqrt(bestRss / lags),
            Lags = lags,
        };
    }

    /// <summary>Fits one trajectory and attaches parametric-bootstrap intervals (refits of AOUP trajectories simulated at the fit).</summary>
    public static AutocorrelationFitResult FitTrajectory(ReadOnlySpan<double> x, double dt, AutocorrelationFitOptions options, long seed)
    {
        int maxLag = MaxLag(x.Length, dt, options);
        var fit = Fit(EmpiricalAutocorrelation.Of(x, maxLag), dt, options);
        int b = options.BootstrapReplicas;
        if (b <= 0) return fit;
        var p = fit.Best;
        var obs = new TracerObservation { Dt = dt };
        var (sims, _) = TracerEnsemble.Simulate(b, x.Length, obs,
            _ => new TracerParameters(TracerModel.Aoup, p.Kappa, Math.Max(p.D, 1e-9), Math.Max(p.Da, 1e-9), p.Tau), seed);
        var reps = new TracerFitParameters[b];
        var noBoot = options with { BootstrapReplicas = 0 };
        for (int i = 0; i < b; i++)
            reps[i] = Fit(EmpiricalAutocorrelation.Of(sims.AsSpan(i * x.Length, x.Length), maxLag), dt, noBoot).Best;
        return fit with
        {
            DInterval = Band(reps.Select(r => r.D)),
            DaInterval = Band(reps.Select(r => r.Da)),
            TauInterval = Band(reps.Select(r => r.Tau)),
            KappaInterval = options.Kappa is null ? Band(reps.Select(r => r.Kappa)) : null,
        };
    }

    public static int MaxLag(int length, double dt, AutocorrelationFitOptions options) =>
        Math.Max(2, Math.Min((int)Math.Round(options.MaxLagTime / dt), length / 4));

    private static int LagCount(int available, double dt, AutocorrelationFitOptions options) =>
        Math.Min(available, (int)Math.Round(options.MaxLagTime / dt) + 1);

    private static (double, double) Band(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        double Q(double q) { double pos = q * (v.Length - 1); int i = (int)pos; return i + 1 < v.Length ? v[i] + (pos - i) * (v[i + 1] - v[i]) : v[i]; }
        return (Q(0.16), Q(0.84));
    }

    private static TracerFitParameters Unpack(double[] th, bool fitKappa, double kappaFixed) => fitKappa
        ? new(Math.Exp(th[0]), Math.Exp(th[1]), Math.Exp(th[2]), Math.Exp(th[3]))
        : new(kappaFixed, Math.Exp(th[0]), Math.Exp(th[1]), Math.Exp(th[2]));

    private static double[] Curve(TracerFitParameters p, double dt, int lags)
    {
        var c = new double[lags];
        for (int j = 0; j < lags; j++) c[j] = AoupDynamics.Autocorrelation(p.Kappa, p.D, p.Da, p.Tau, j * dt);
        return c;
    }

    /// <summary>
    /// The curve A e^{−r₁t} + B e^{−r₂t} admits κ = r₁, τ = 1/r₂ and κ = r₂, τ = 1/r₁; for a labelling (κ, τ):
    /// D_a = −B(1 − κ²τ²)/τ and D = κA + B/τ (models.md §7 rearranged) [D]. Keep those with D, D_a ≥ 0.
    /// </summary>
    public static IReadOnlyList<TracerFitParameters> Labellings(TracerFitParameters fit)
    {
        double k = fit.Kappa, tau = fit.Tau;
        double kt = k * tau;
        if (Math.Abs(1 - kt) < 1e-6) return [fit];
        double a = fit.D / k + fit.Da / (k * (1 - kt * kt));        // amplitude of e^{−κt}
        double b = -fit.Da * tau / (1 - kt * kt);                     // amplitude of e^{−t/τ}
        var list = new List<TracerFitParameters> { fit };
        // swapped: κ′ = 1/τ with amplitude b, τ′ = 1/κ with amplitude a
        double k2 = 1 / tau, tau2 = 1 / k;
        double k2t2 = k2 * tau2;
        double da2 = -a * (1 - k2t2 * k2t2) / tau2;
        double d2 = k2 * b + a / tau2;
        if (da2 >= 0 && d2 >= 0) list.Add(new(k2, d2, da2, tau2));
        return list;
    }

    /// <summary>Levenberg–Marquardt on residuals model(θ) − target with a forward-difference Jacobian; θ clamped to |θ| ≤ 12.</summary>
    private static (double[] Theta, double Rss) LevenbergMarquardt(Func<double[], double[]> model, double[] target, double[] start)
    {
        int n = start.Length, m = target.Length;
        var theta = (double[])start.Clone();
        double Rss(double[] f) { double s = 0; for (int i = 0; i < m; i++) s += (f[i] - target[i]) * (f[i] - target[i]); return s; }
        var f0 = model(theta); double rss = Rss(f0);
        double lambda = 1e-2;
        var jac = new double[m, n];
        for (int iter = 0; iter < 200; iter++)
        {
            for (int k = 0; k < n; k++)
            {
                var tp = (double[])theta.Clone(); tp[k] += 1e-6;
                var fp = model(tp);
                for (int i = 0; i < m; i++) jac[i, k] = (fp[i] - f0[i]) / 1e-6;
            }
            var jtj = new double[n, n]; var jtr = new double[n];
            for (int a = 0; a < n; a++)
            {
                for (int i = 0; i < m; i++) jtr[a] -= jac[i, a] * (f0[i] - target[i]);
                for (int b = 0; b < n; b++) { double s = 0; for (int i = 0; i < m; i++) s += jac[i, a] * jac[i, b]; jtj[a, b] = s; }
            }
            bool improved = false;
            while (lambda < 1e10)
            {
                var mat = (double[,])jtj.Clone();
                for (int a = 0; a < n; a++) mat[a, a] += lambda * (jtj[a, a] + 1e-12);
                var step = Solve(mat, jtr);
                var trial = new double[n];
                for (int a = 0; a < n; a++) trial[a] = Math.Clamp(theta[a] + step[a], -12, 12);
                var ft = model(trial); double rt = Rss(ft);
                if (double.IsFinite(rt) && rt < rss)
                {
                    double gain = rss - rt;
                    theta = trial; f0 = ft; rss = rt; lambda = Math.Max(lambda / 3, 1e-12); improved = true;
                    if (gain < 1e-14 * (1 + rss)) return (theta, rss);
                    break;
                }
                lambda *= 4;
            }
            if (!improved) break;
        }
        return (theta, rss);
    }

    /// <summary>Gaussian elimination with partial pivoting for a small system.</summary>
    private static double[] Solve(double[,] a, double[] b)
    {
        int n = b.Length;
        var m = (double[,])a.Clone(); var x = (double[])b.Clone();
        for (int col = 0; col < n; col++)
        {
            int piv = col;
            for (int r = col + 1; r < n; r++) if (Math.Abs(m[r, col]) > Math.Abs(m[piv, col])) piv = r;
            if (piv != col)
            {
                for (int k = 0; k < n; k++) (m[col, k], m[piv, k]) = (m[piv, k], m[col, k]);
                (x[col], x[piv]) = (x[piv], x[col]);
            }
            double d = m[col, col];
            if (Math.Abs(d) < 1e-300) d = 1e-300;
            for (int r = col + 1; r < n; r++)
            {
                double f = m[r, col] / d;
                for (int k = col; k < n; k++) m[r, k] -= f * m[col, k];
                x[r] -= f * x[col];
            }
        }
        for (int r = n - 1; r >= 0; r--)
        {
            double s = x[r];
            for (int k = r + 1; k < n; k++) s -= m[r, k] * x[k];
            x[r] = s / (Math.Abs(m[r, r]) < 1e-300 ? 1e-300 : m[r, r]);
        }
        return x;
    }
}
