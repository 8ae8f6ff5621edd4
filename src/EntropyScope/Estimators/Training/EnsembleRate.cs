namespace EntropyScope.Estimators.Training;

/// <summary>
/// The headline of `estimate` for K estimators (CNEEP, NEEP and RNEEP alike, estimators.md §1 "Ensembles"): σ̂_θ as
/// the mean over estimators ± their s.d. (for K = 1 the caller's standard error), the truth where known, σ̂_θ/σ with
/// its relative spread, and R² averaged over estimators.
/// </summary>
public sealed record EnsembleRate(
    double[] PerEstimator, double Mean, double Std, string StdKind, double? TrueRate, double? TrueRateEmpirical,
    double? Ratio, double? RatioStd, double? R2, double? R2Std, double[]? R2PerEstimator, double ObjectiveJ)
{
    /// <param name="truthRate">The rate from truth.json, if any (otherwise the empirical rate of the evaluated steps is used).</param>
    /// <param name="singleStd">For K = 1: the standard error to report, and what it is.</param>
    public static EnsembleRate From(EntropyRateEstimate[] stats, double? truthRate, (double Value, string Kind) singleStd)
    {
        var rates = stats.Select(s => s.Rate).ToArray();
        double mean = rates.Average();
        bool overEstimators = stats.Length > 1;
        double std = overEstimators ? Statistics.SampleStd(rates) : singleStd.Value;
        double? trueRate = truthRate ?? stats[0].TrueRate;
        bool hasR2 = stats.All(s => s.RSquared.HasValue);
        var r2 = hasR2 ? stats.Select(s => s.RSquared!.Value).ToArray() : null;
        return new EnsembleRate(rates, mean, std, overEstimators ? "std over estimators" : singleStd.Kind, trueRate, stats[0].TrueRate,
            Statistics.RatioToTruth(mean, trueRate),
            Statistics.RatioToTruth(std, trueRate is double t ? Math.Abs(t) : null),
            r2?.Average(), r2 is null ? null : Statistics.SampleStd(r2), r2, stats.Average(s => s.Objective));
    }
}
