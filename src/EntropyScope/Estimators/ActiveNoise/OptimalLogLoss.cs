using EntropyScope.Models.Tracer;

namespace EntropyScope.Estimators.ActiveNoise;

/// <summary>One point of the optimal log-loss curve: H(Y | X) at trajectory length L with its standard error.</summary>
public readonly record struct LogLossPoint(int Length, double LogLoss, double StandardError, double Accuracy, int Trajectories);

/// <summary>
/// Optimal log-loss H(Y | X) = E[−ln P(Y | X)] of passive vs AOUP versus length (estimators.md §5, paper Fig. 3):
/// Monte Carlo over balanced labelled trajectories with parameters from the prior, scored by <see cref="ExactActiveClassifier"/>.
/// </summary>
public static class OptimalLogLoss
{
    /// <summary>The labelled test set used for every curve (label 1 = AOUP), so the optimum and networks see the same trajectories.</summary>
    public static (double[] Positions, int[] Labels, TracerParameters[] Parameters) TestSet(TracerPrior prior, TracerObservation obs, int count, int length, long seed)
    {
        var (x, p) = TracerEnsemble.Simulate(count, length, obs,
            rng => prior.Sample(rng.NextDouble() < 0.5 ? TracerModel.Passive : TracerModel.Aoup, rng), seed);
        return (x, p.Select(q => q.Model == TracerModel.Passive ? 0 : 1).ToArray(), p);
    }

    /// <summary>Scores <paramref name="positions"/> (count × length); returns per-trajectory log-odds (parallel, seeded per trajectory).</summary>
    public static double[] LogOdds(ExactActiveClassifier classifier, double[] positions, int count, int length, long seed, IProgressSink? progress = null)
    {
        var z = new double[count];
        int done = 0;
        Parallel.For(0, count, i =>
        {
            var rng = new Random(HashCode.Combine(seed, i, 0x7ac));
            z[i] = classifier.LogOdds(positions.AsSpan(i * length, length), rng);
            int n = Interlocked.Increment(ref done);
            progress?.Report((double)n / count, $"exact optimum L={length}: {n}/{count}");
        });
        return z;
    }

    public static LogLossPoint Score(double[] logOdds, int[] labels, int length)
    {
        int n = labels.Length;
        double s = 0, s2 = 0; int correct = 0;
        for (int i = 0; i < n; i++)
        {
            double l = ExactActiveClassifier.LogLoss(logOdds[i], labels[i]);
            s += l; s2 += l * l;
            if ((logOdds[i] > 0 ? 1 : 0) == labels[i]) correct++;
        }
        double mean = s / n;
        return new(length, mean, Math.Sqrt(Math.Max(s2 / n - mean * mean, 0) / n), (double)correct / n, n);
    }
}
