namespace EntropyScope.Estimators.Training;

/// <summary>
/// Figures from the evaluation windows of one estimator (estimators.md §1): σ̂_θ = ⟨S_θ(𝒯)/𝒯⟩ over sequences with
/// S_θ(𝒯) = Σ_windows ΔS_θ and 𝒯 = steps covered · dt, its spread over sequences, J (float64), and where the truth is
/// known the true rate over the same steps and R² (squared Pearson correlation of window ΔS_θ with the summed true ΔS).
/// </summary>
public sealed record EntropyRateEstimate(
    double Rate, double RateStdOverSequences, double[] RatePerSequence, double Objective,
    double? TrueRate, double? RSquared, long Windows)
{
    public static EntropyRateEstimate From(float[][] windowOutputs, IWindowSource source, int windowLength, double dt)
    {
        int steps = windowLength - 1;
        var perSeq = new double[windowOutputs.Length];
        double jSum = 0, trueRateSum = 0;
        long windows = 0;
        bool haveTruth = true;
        double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        for (int m = 0; m < windowOutputs.Length; m++)
        {
            float[] w = windowOutputs[m];
            double s = 0;
            foreach (float v in w) { s += v; jSum += EntropyObjective.Term(v); }
            double duration = (double)w.Length * steps * dt;
            perSeq[m] = w.Length == 0 ? 0 : s / duration;
            windows += w.Length;
            double[]? truth = haveTruth ? source.TruePerStep(m) : null;
            if (truth == null) { haveTruth = false; continue; }
            double ts = 0;
            for (int k = 0; k < w.Length; k++)
            {
                double y = 0;
                for (int t = k * steps; t < (k + 1) * steps; t++) y += truth[t];
                ts += y;
                double x = w[k];
                sx += x; sy += y; sxx += x * x; syy += y * y; sxy += x * y;
            }
            trueRateSum += w.Length == 0 ? 0 : ts / duration;
        }
        int M = windowOutputs.Length;
        double mean = perSeq.Average();
        double std = M > 1 ? Math.Sqrt(perSeq.Sum(r => (r - mean) * (r - mean)) / (M - 1)) : 0;
        double? r2 = null, trueRate = null;
        if (haveTruth && windows > 1)
        {
            double cov = sxy - sx * sy / windows, vx = sxx - sx * sx / windows, vy = syy - sy * sy / windows;
            r2 = vx > 0 && vy > 0 ? cov * cov / (vx * vy) : 0;
            trueRate = trueRateSum / M;
        }
        return new EntropyRateEstimate(mean, std, perSeq, windows == 0 ? double.NaN : jSum / windows, trueRate, r2, windows);
    }
}
