namespace EntropyScope.Estimators.ActiveNoise;

/// <summary>How the parameter prior is integrated out of a likelihood (estimators.md §5 [assumed method]).</summary>
public enum MarginalMethod
{
    /// <summary>Default: maximise within the prior box, build a Gaussian (Laplace) proposal from the Hessian of ln p(x | θ),
    /// and importance-sample with a 10% defensive share of prior draws. Unbiased for p(x); accurate for long trajectories.</summary>
    LaplaceImportance,
    /// <summary>Plain log-mean-exp of the likelihood over K prior draws (exact in the limit, noisy once the likelihood is narrow).</summary>
    PriorMonteCarlo,
}

public sealed record MarginalOptions
{
    public MarginalMethod Method { get; init; } = MarginalMethod.LaplaceImportance;
    /// <summary>Importance (or prior) draws K.</summary>
    public int Draws { get; init; } = 1000;
    /// <summary>Proposal covariance inflation (std multiplier) of the Laplace proposal.</summary>
    public double Inflation { get; init; } = 1.5;
    /// <summary>Share of proposal draws taken from the prior (defensive mixture).</summary>
    public double DefensiveShare { get; init; } = 0.1;
}

/// <summary>ln p(x) estimate with its Monte Carlo standard error and the maximiser found.</summary>
public readonly record struct LogMarginal(double Value, double StandardError, double[] Mode)
{
    /// <summary>Self-normalised importance estimate of the posterior mean of θ (log-parameters), when available.</summary>
    public double[]? PosteriorMean { get; init; }
}

/// <summary>
/// ln ∫ p(x | θ) π(θ) dθ for θ uniform on a box in log-parameter space (the log-uniform prior of models.md §7).
/// </summary>
public static class PriorMarginal
{
    public static LogMarginal Estimate(Func<double[], double> logLikelihood, (double Lo, double Hi)[] box, MarginalOptions options, Random rng)
    {
        int n = box.Length;
        if (n == 0) return new(logLikelihood([]), 0, []);
        return options.Method == MarginalMethod.PriorMonteCarlo
            ? PriorMonteCarlo(logLikelihood, box, options.Draws, rng)
            : LaplaceImportance(logLikelihood, box, options, rng);
    }

    private static LogMarginal PriorMonteCarlo(Func<double[], double> logLikelihood, (double Lo, double Hi)[] box, int draws, Random rng)
    {
        var logW = new double[draws];
        var thetas = new double[draws][];
        double best = double.NegativeInfinity; double[] mode = [];
        for (int k = 0; k < draws; k++)
        {
            var theta = thetas[k] = DrawUniform(box, rng);
            logW[k] = logLikelihood(theta);
            if (logW[k] > best) { best = logW[k]; mode = theta; }
        }
        var (value, se) = LogMeanExp(logW);
        return new(value, se, mode) { PosteriorMean = WeightedMean(logW, thetas) };
    }

    private static LogMarginal LaplaceImportance(Func<double[], double> logLikelihood, (double Lo, double Hi)[] box, MarginalOptions o, Random rng)
    {
        int n = box.Length;
        // 1. start from the best of a few prior draws
        double[] start = DrawUniform(box, rng); double fStart = logLikelihood(start);
        for (int k = 1; k < 24; k++)
        {
            var t = DrawUniform(box, rng); double f = logLikelihood(t);
            if (f > fStart) (start, fStart) = (t, f);
        }
        // 2. maximise inside the box (outside: clamped value minus a quadratic penalty)
        double Penalised(double[] u)
        {
            var c = Clamp(u, box); double d2 = 0;
            for (int i = 0; i < n; i++) d2 += (u[i] - c[i]) * (u[i] - c[i]);
            return logLikelihood(c) - 1e3 * d2;
        }
        var (uStar, _) = NelderMead.Maximise(Penalised, start, 0.3, maxEvaluations: 120 * n);
        var mode = Clamp(uStar, box);
        double fMode = logLikelihood(mode);
        // 3. Laplace covariance from the Hessian of ln p(x | θ) (the likelihood exists outside the prior box too)
        var hess = Hessian(logLikelihood, mode, fMode, 0.02);
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) hess[i, j] = -hess[i, j];
        var (lambda, vec) = SymmetricEigen.Decompose(hess);
        double maxWidth = 0;
        foreach (var (lo, hi) in box) maxWidth = Math.Max(maxWidth, hi - lo);
        double lambdaMin = 1 / (0.5 * maxWidth * 0.5 * maxWidth);   // no direction wider than half the box
        var scale = new double[n, n];                                // Σ^{1/2} = V diag(σ) (non-symmetric root is enough)
        double logDetSigma = 0;
        for (int j = 0; j < n; j++)
        {
            double l = double.IsFinite(lambda[j]) ? Math.Max(lambda[j], lambdaMin) : lambdaMin;
            double sd = o.Inflation / Math.Sqrt(l);
            logDetSigma += 2 * Math.Log(sd);
            for (int i = 0; i < n; i++) scale[i, j] = vec[i, j] * sd;
        }
        double logVolume = 0;
        foreach (var (lo, hi) in box) logVolume += hi - lo > 0 ? Math.Log(hi - lo) : 0;
        // 4. importance sampling from α·prior + (1 − α)·N(mode, Σ)
        var logW = new double[o.Draws];
        var thetas = new double[o.Draws][];
        var z = new double[n];
        for (int k = 0; k < o.Draws; k++)
        {
            double[] theta;
            if (rng.NextDouble() < o.DefensiveShare) theta = DrawUniform(box, rng);
            else
            {
                for (int j = 0; j < n; j++) z[j] = Normal(rng);
                theta = new double[n];
                for (int i = 0; i < n; i++) { double s = mode[i]; for (int j = 0; j < n; j++) s += scale[i, j] * z[j]; theta[i] = s; }
            }
            thetas[k] = theta;
            if (!Inside(theta, box)) { logW[k] = double.NegativeInfinity; continue; }
            // Gaussian log-density through the eigenbasis: Mahalanobis = Σ_j (v_jᵀ(θ − mode))² / σ_j²
            double maha = 0;
            for (int j = 0; j < n; j++)
            {
                double proj = 0, colNorm2 = 0;
                for (int i = 0; i < n; i++) { proj += scale[i, j] * (theta[i] - mode[i]); colNorm2 += scale[i, j] * scale[i, j]; }
                maha += proj * proj / (colNorm2 * colNorm2);
            }
            double logGauss = -0.5 * (n * Math.Log(2 * Math.PI) + logDetSigma + maha);
            double logPrior = -logVolume;
            double logQ = LogAdd(Math.Log(o.DefensiveShare) + logPrior, Math.Log(1 - o.DefensiveShare) + logGauss);
            logW[k] = logPrior + logLikelihood(theta) - logQ;
        }
        var (value, se) = LogMeanExp(logW);
        return new(value, se, mode) { PosteriorMean = WeightedMean(logW, thetas) };
    }

    /// <summary>Σ w_k θ_k / Σ w_k with w = e^{logW}.</summary>
    private static double[] WeightedMean(double[] logW, double[][] thetas)
    {
        double max = logW.Max();
        int n = thetas.First(t => t != null).Length;
        var mean = new double[n];
        double sum = 0;
        for (int k = 0; k < logW.Length; k++)
        {
            if (double.IsNegativeInfinity(logW[k])) continue;
            double w = Math.Exp(logW[k] - max);
            sum += w;
            for (int i = 0; i < n; i++) mean[i] += w * thetas[k][i];
        }
        for (int i = 0; i < n; i++) mean[i] /= sum;
        return mean;
    }

    /// <summary>Central finite-difference Hessian.</summary>
    private static double[,] Hessian(Func<double[], double> f, double[] x, double f0, double h)
    {
        int n = x.Length;
        var hess = new double[n, n];
        double F(int i, double di, int j, double dj)
        {
            var p = (double[])x.Clone(); p[i] += di; p[j] += dj; return f(p);
        }
        for (int i = 0; i < n; i++)
        {
            hess[i, i] = (F(i, h, i, 0) - 2 * f0 + F(i, -h, i, 0)) / (h * h);
            for (int j = 0; j < i; j++)
            {
                double v = (F(i, h, j, h) - F(i, h, j, -h) - F(i, -h, j, h) + F(i, -h, j, -h)) / (4 * h * h);
                hess[i, j] = hess[j, i] = v;
            }
        }
        return hess;
    }

    /// <summary>ln mean e^{w} and its delta-method standard error sd(e^w)/(mean(e^w)√K).</summary>
    internal static (double Value, double StandardError) LogMeanExp(double[] logW)
    {
        double max = double.NegativeInfinity;
        foreach (double w in logW) if (w > max) max = w;
        if (double.IsNegativeInfinity(max)) return (double.NegativeInfinity, double.PositiveInfinity);
        double s = 0, s2 = 0;
        foreach (double w in logW) { double e = Math.Exp(w - max); s += e; s2 += e * e; }
        int k = logW.Length;
        double mean = s / k, var = Math.Max(s2 / k - mean * mean, 0);
        return (max + Math.Log(mean), Math.Sqrt(var / k) / mean);
    }

    private static double LogAdd(double a, double b) => a > b ? a + double.LogP1(Math.Exp(b - a)) : b + double.LogP1(Math.Exp(a - b));

    private static double[] DrawUniform((double Lo, double Hi)[] box, Random rng)
    {
        var t = new double[box.Length];
        for (int i = 0; i < t.Length; i++) t[i] = box[i].Lo + rng.NextDouble() * (box[i].Hi - box[i].Lo);
        return t;
    }

    private static double[] Clamp(double[] u, (double Lo, double Hi)[] box)
    {
        var c = new double[u.Length];
        for (int i = 0; i < u.Length; i++) c[i] = Math.Clamp(u[i], box[i].Lo, box[i].Hi);
        return c;
    }

    private static bool Inside(double[] t, (double Lo, double Hi)[] box)
    {
        for (int i = 0; i < t.Length; i++) if (t[i] < box[i].Lo || t[i] > box[i].Hi) return false;
        return true;
    }

    private static double Normal(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
