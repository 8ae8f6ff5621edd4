using System.Text.Json;
using EntropyScope.Estimators.Training;
using EntropyScope.IO;

namespace EntropyScope.Estimators.Neep;

/// <summary>Headline figures of `estimate` for a NEEP/RNEEP run (field names shared with CNEEP; docs/neep.md).</summary>
public sealed record NeepEstimate
{
    public required string Estimator { get; init; }
    public required double EntropyRateEstimate { get; init; }
    public required double EntropyRateEstimateStd { get; init; }
    public required string EntropyRateEstimateStdKind { get; init; }
    public required double[] EntropyRatePerEstimator { get; init; }
    public double? EntropyRateTrue { get; init; }
    public double? EntropyRateTrueEmpirical { get; init; }
    public double? Ratio { get; init; }
    public double? RatioStd { get; init; }
    public double? R2 { get; init; }
    public required double ObjectiveJ { get; init; }
    /// <summary>J + 1 ≤ ⟨ΔS⟩ per window for any θ (estimators.md §1): a variational lower bound, per unit time.</summary>
    public required double VariationalBound { get; init; }
    public required bool LowerBound { get; init; }
    public string? Note { get; init; }
    public required long[] BestIteration { get; init; }
    public required double TrainSeconds { get; init; }
    public required int Estimators { get; init; }
    public required int Trajectories { get; init; }
    public required long Windows { get; init; }
    public required int Window { get; init; }
    public required double Dt { get; init; }
    public required string Run { get; init; }
    public required string TrajectoriesPath { get; init; }
}

/// <summary>`estimate` for NEEP/RNEEP runs: θ* of every estimator over all evaluation windows (stride k − 1) of the trajectories.</summary>
public sealed record NeepEstimation(NeepEstimate Summary, float[][][] WindowOutputs, NeepRunConfig Config)
{
    public const string SummaryFile = "summary.json";

    public static NeepEstimation Run(string runDirectory, string trajectoriesPath, IProgressSink progress)
    {
        var config = NeepRunConfig.Load(runDirectory);
        using var set = TrajectorySet.Open(trajectoriesPath);
        CheckCompatible(set, config, trajectoriesPath);
        using var truth = TrajectoryTruth.TryLoad(trajectoriesPath, set);
        var source = new TrajectoryWindowSource(set, TrajectoryWindowSource.Whole(set), config.Standardisation, truth);
        int K = config.Estimators;
        var outputs = new float[K][][];
        var stats = new EntropyRateEstimate[K];
        var best = new long[K];
        double trainSeconds = 0;
        for (int k = 0; k < K; k++)
        {
            var net = NeepNetworks.Create(config.Architecture, NeepTraining.EvaluationBatch(config.Training.Batch), config.Seed + k);
            double seconds;
            (best[k], seconds) = EstimatorSummary.LoadBest(NeepRunConfig.EstimatorFolder(runDirectory, k), net.Parameters, NeepTraining.SummaryFile, k);
            trainSeconds += seconds;
            var buffer = new float[(long)net.MaxBatch * net.WindowLength * net.ItemSize];
            outputs[k] = EvaluationWindows.Evaluate(net, source, buffer, progress);
            stats[k] = EntropyRateEstimate.From(outputs[k], source, config.Window, config.Dt);
        }
        var e = EnsembleRate.From(stats, truth?.EntropyRate, set.Count > 1
            ? (stats[0].RateStdOverSequences / Math.Sqrt(set.Count), "standard error over trajectories (one estimator)")
            : (BlockStandardError(outputs[0][0], config.Window - 1, config.Dt), "standard error over 20 blocks of the trajectory (one estimator)"));
        bool lowerBound = NeepTraining.LowerBound(config.Kind, truth);
        var summary = new NeepEstimate
        {
            Estimator = config.Kind,
            EntropyRateEstimate = e.Mean,
            EntropyRateEstimateStd = e.Std,
            EntropyRateEstimateStdKind = e.StdKind,
            EntropyRatePerEstimator = e.PerEstimator,
            EntropyRateTrue = e.TrueRate,
            EntropyRateTrueEmpirical = e.TrueRateEmpirical,
            Ratio = e.Ratio,
            RatioStd = e.RatioStd,
            R2 = e.R2,
            ObjectiveJ = e.ObjectiveJ,
            VariationalBound = (e.ObjectiveJ + 1) / ((config.Window - 1) * config.Dt),
            LowerBound = lowerBound,
            Note = lowerBound ? NeepTraining.LowerBoundNote : null,
            BestIteration = best,
            TrainSeconds = Math.Round(trainSeconds, 3),
            Estimators = K,
            Trajectories = set.Count,
            Windows = stats[0].Windows,
            Window = config.Window,
            Dt = config.Dt,
            Run = Path.GetFullPath(runDirectory),
            TrajectoriesPath = Path.GetFullPath(trajectoriesPath),
        };
        return new NeepEstimation(summary, outputs, config);
    }

    /// <summary>Dimension, discreteness, state range and length against the run (one clear line each).</summary>
    public static void CheckCompatible(ITrajectorySet set, NeepRunConfig config, string path)
    {
        bool discrete = config.Tokens > 0;
        if (set.IsDiscrete != discrete)
            throw new InputException($"{path}: holds {(set.IsDiscrete ? "discrete states" : "continuous coordinates")} but the run was trained on {(discrete ? "discrete states" : "continuous coordinates")}");
        if (set.Dimension != config.Dimension)
            throw new InputException($"{path}: states have {set.Dimension} coordinates but the run was trained on {config.Dimension}");
        if (discrete) DiscreteStates.CheckRange(set, path, config.Tokens);
        for (int m = 0; m < set.Count; m++)
            if (set.Length(m) < config.Window)
                throw new InputException($"{path}: trajectory {m} has {set.Length(m)} steps; at least {config.Window} (the window length) are needed");
    }

    /// <summary>Standard error of the rate from 20 contiguous blocks of windows (one long trajectory, one estimator).</summary>
    private static double BlockStandardError(float[] windows, int steps, double dt)
    {
        const int blocks = 20;
        if (windows.Length < blocks) return double.NaN;
        int per = windows.Length / blocks;
        var rates = new double[blocks];
        for (int b = 0; b < blocks; b++)
        {
            double s = 0;
            for (int i = b * per; i < (b + 1) * per; i++) s += windows[i];
            rates[b] = s / (per * steps * dt);
        }
        return Statistics.SampleStd(rates) / Math.Sqrt(blocks);
    }

    public string SummaryJson() => JsonSerializer.Serialize(Summary, NeepRunConfig.Json);

    /// <summary>Writes the estimate folder atomically: delta_s.npy, entropy_rate_per_trajectory.npy, summary.json.</summary>
    public void Write(string outDirectory)
    {
        AtomicOutput.WriteDirectory(outDirectory, dir =>
        {
            int K = WindowOutputs.Length, M = WindowOutputs[0].Length, steps = Config.Window - 1;
            int maxWindows = WindowOutputs[0].Max(w => w.Length);
            var windows = new float[(long)K * M * maxWindows];
            windows.AsSpan().Fill(float.NaN);
            var rate = new double[K * M];
            for (int k = 0; k < K; k++)
                for (int m = 0; m < M; m++)
                {
                    float[] w = WindowOutputs[k][m];
                    w.CopyTo(windows, ((long)k * M + m) * maxWindows);
                    double s = 0;
                    foreach (float v in w) s += v;
                    rate[k * M + m] = w.Length == 0 ? double.NaN : s / (w.Length * steps * Config.Dt);
                }
            Npy.Write<float>(Path.Combine(dir, "delta_s.npy"), windows, K, M, maxWindows);
            Npy.Write<double>(Path.Combine(dir, "entropy_rate_per_trajectory.npy"), rate, K, M);
            File.WriteAllText(Path.Combine(dir, SummaryFile), SummaryJson());
        });
    }
}
