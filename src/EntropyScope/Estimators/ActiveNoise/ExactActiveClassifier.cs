using EntropyScope.Models.Tracer;

namespace EntropyScope.Estimators.ActiveNoise;

/// <summary>
/// The Bayes-optimal passive-vs-AOUP classifier (estimators.md §5): marginal likelihoods p(x | class) with the
/// log-uniform prior of models.md §7 integrated out (shared κ, D in both classes; D_a, τ only in the active one),
/// posterior P(active | x) = logistic(ln p(x | A) − ln p(x | P) + ln(π_A/π_P)).
/// </summary>
public sealed class ExactActiveClassifier(TracerPrior prior, double dt, double localisationNoise = 0, MarginalOptions? options = null)
{
    public TracerPrior Prior { get; } = prior;
    public double Dt { get; } = dt;
    public MarginalOptions Options { get; } = options ?? new MarginalOptions();
    /// <summary>ln(π_A/π_P); 0 for balanced classes.</summary>
    public double LogPriorOdds { get; init; }

    private double R => localisationNoise * localisationNoise;

    /// <summary>ln p(x | passive) = ln E_{κ,D}[p(x | κ, D, D_a = 0)].</summary>
    public LogMarginal Passive(ReadOnlySpan<double> x, Random rng)
    {
        var (free, box) = FreeDimensions(passive: true);
        var stats = Ar1Statistics.Of(x);
        double[] xs = R > 0 ? x.ToArray() : [];
        var full = FixedLogParameters();
        double LogLik(double[] theta)
        {
            var p = Fill(full, free, theta);
            if (R <= 0) return stats.LogLikelihood(Math.Exp(p[0]), Math.Exp(p[1]), Dt);
            return AoupKalman.PassiveLogLikelihood(xs, new AoupDynamics(Math.Exp(p[0]), Math.Exp(p[1]), 0, 1, Dt), R);
        }
        return PriorMarginal.Estimate(LogLik, box, Options, rng);
    }

    /// <summary>ln p(x | AOUP) = ln E_{κ,D,D_a,τ}[p(x | κ, D, D_a, τ)] by the Kalman filter.</summary>
    public LogMarginal Active(ReadOnlySpan<double> x, Random rng)
    {
        var (free, box) = FreeDimensions(passive: false);
        double[] xs = x.ToArray();
        var full = FixedLogParameters();
        double LogLik(double[] theta)
        {
            var p = Fill(full, free, theta);
            return AoupKalman.LogLikelihood(xs, new AoupDynamics(Math.Exp(p[0]), Math.Exp(p[1]), Math.Exp(p[2]), Math.Exp(p[3]), Dt), R);
        }
        return PriorMarginal.Estimate(LogLik, box, Options, rng);
    }

    /// <summary>Posterior mean of ln D_a under the AOUP model and the prior (the Bayes regressor for ln D_a under squared loss).</summary>
    public double PosteriorMeanLogDa(ReadOnlySpan<double> x, Random rng)
    {
        var (free, _) = FreeDimensions(passive: false);
        int k = Array.IndexOf(free, 2);
        if (k < 0) return FixedLogParameters()[2];
        return Active(x, rng).PosteriorMean![k];
    }

    /// <summary>ln P(active | x) − ln P(passive | x) (the posterior log-odds).</summary>
    public double LogOdds(ReadOnlySpan<double> x, Random rng) => Active(x, rng).Value - Passive(x, rng).Value + LogPriorOdds;

    public static double Logistic(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));

    /// <summary>−ln P(y | x) from the log-odds z = ln P(1|x)/P(0|x), computed stably.</summary>
    public static double LogLoss(double logOdds, int label)
    {
        double z = label == 1 ? -logOdds : logOdds;    // −ln σ(±z) = softplus(∓z)
        return z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z));
    }

    private double[] FixedLogParameters()
    {
        var box = Prior.LogBox();
        return [box[0].Lo, box[1].Lo, box[2].Lo, box[3].Lo];
    }

    private (int[] Free, (double Lo, double Hi)[] Box) FreeDimensions(bool passive)
    {
        var box = Prior.LogBox();
        int count = passive ? 2 : 4;
        var free = Enumerable.Range(0, count).Where(i => box[i].Hi > box[i].Lo).ToArray();
        return (free, free.Select(i => box[i]).ToArray());
    }

    private static double[] Fill(double[] full, int[] free, double[] theta)
    {
        var p = (double[])full.Clone();
        for (int i = 0; i < free.Length; i++) p[free[i]] = theta[i];
        return p;
    }
}
