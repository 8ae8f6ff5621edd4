namespace EntropyScope.Estimators.Training;

/// <summary>Mean ± sample standard deviation over estimators or sequences (the paper's error bars), and ratios to the truth.</summary>
public static class Statistics
{
    public static double SampleStd(IReadOnlyList<double> values)
    {
        if (values.Count < 2) return 0;
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    /// <summary>
    /// Rates whose magnitude is at most this (nats per unit time, or per step) are zero: at equilibrium the exact
    /// formulas give the true EP as a difference of O(1) terms, so it comes out as ±1e-15 instead of 0, and a ratio to
    /// that is meaningless (it printed 5×10¹⁰). Any physical rate a movie or trajectory can resolve is far above this.
    /// </summary>
    public const double ZeroRateTolerance = 1e-12;

    /// <summary>value / truth, or null when there is no truth or the truth is zero (equilibrium): no ratio exists then.</summary>
    public static double? RatioToTruth(double value, double? truth) =>
        truth is double t && Math.Abs(t) > ZeroRateTolerance ? value / t : null;
}
