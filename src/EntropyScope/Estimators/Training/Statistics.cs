namespace EntropyScope.Estimators.Training;

/// <summary>Mean ± sample standard deviation over estimators or sequences (the paper's error bars).</summary>
public static class Statistics
{
    public static double SampleStd(IReadOnlyList<double> values)
    {
        if (values.Count < 2) return 0;
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }
}
