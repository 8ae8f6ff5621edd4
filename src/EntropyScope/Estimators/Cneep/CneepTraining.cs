using System.Text.Json;
using EntropyScope.Estimators.Training;
using EntropyScope.IO;
using EntropyScope.Tensors.Kernels;

namespace EntropyScope.Estimators.Cneep;

/// <summary>What `train` was asked for (CLI options; defaults in docs/cneep.md).</summary>
public sealed record CneepTrainRequest
{
    public required string Movies { get; init; }
    public required double Dt { get; init; }
    public int FramesPerInput { get; init; } = 2;
    public int Channels { get; init; } = 32;
    public int Depth { get; init; } = 2;
    public int LastBlockConvs { get; init; } = 2;
    public int LastBlockFirstKernel { get; init; } = 3;
    public int Estimators { get; init; } = 1;
    public string Normalisation { get; init; } = MovieNormalisation.AllPixels;
    public string WindowInput { get; init; } = WindowInputBasis.Frames;
    /// <summary>A finished run whose θ* each estimator starts from (<see cref="CneepWarmStart"/>); null = fresh initialisation.</summary>
    public string? InitFrom { get; init; }
    public TrainingOptions Training { get; init; } = DefaultTraining;

    /// <summary>
    /// The shared defaults with CNEEP's own peak learning rate and parameter average (bench/cneep/README.md: on the
    /// N = 2 bead-spring case lr 5e-4 reached R²_val 0.94 in 1,000 steps where 1e-3 sat at 0.89–0.92 until its decay,
    /// and averaging reached a given R² in about half the steps). NEEP/RNEEP keep the shared values: their cases were
    /// tuned with them.
    /// </summary>
    public static TrainingOptions DefaultTraining { get; } = new() { LearningRate = 5e-4, ParameterAverage = 0.998, MaxValidationShare = 0.1 };
}

/// <summary>
/// `train`: validates the movies, splits them 4:1 by movie (seeded), standardises with training statistics and trains
/// K independently seeded CNEEP estimators with the shared <see cref="Trainer"/> (Algorithm 1). Layout in docs/cneep.md.
/// </summary>
public static class CneepTraining
{
    public const string SummaryFile = "summary.json";

    /// <summary>Whether <paramref name="runDirectory"/> holds a run that <see cref="Resume"/> can continue.</summary>
    public static bool CanResume(string runDirectory) => File.Exists(Path.Combine(runDirectory, CneepRunConfig.FileName));

    /// <summary>A new run; with <paramref name="resume"/> and a run already in the folder, that run continues (its own config decides).</summary>
    public static IReadOnlyList<EstimatorOutcome> Train(CneepTrainRequest request, string runDirectory, bool resume, IProgressSink progress)
    {
        if (resume) return Resume(runDirectory, progress);
        if (Directory.Exists(runDirectory) && Directory.EnumerateFileSystemEntries(runDirectory).Any())
            throw new InputException($"{runDirectory}: output folder exists and is not empty (use --resume to continue it, or another --out)");
        return Run(Plan(request, progress), runDirectory, resume: false, progress);
    }

    /// <summary>Continues the run in <paramref name="runDirectory"/> from its checkpoints with its own config.json.</summary>
    public static IReadOnlyList<EstimatorOutcome> Resume(string runDirectory, IProgressSink progress)
    {
        if (!CanResume(runDirectory)) throw new InputException($"{runDirectory}: nothing to resume ({CneepRunConfig.FileName} missing)");
        return Run(CneepRunConfig.Load(runDirectory), runDirectory, resume: true, progress);
    }

    private static IReadOnlyList<EstimatorOutcome> Run(CneepRunConfig config, string runDirectory, bool resume, IProgressSink progress)
    {
        using var movies = MovieSet.Open(config.Movies);
        CheckMovies(movies, config.Architecture, config.Movies);
        var truth = TrueEntropy.TryLoad(config.Movies, movies);
        var norm = config.MovieNormalisation;
        var train = new MovieWindowSource(movies, config.TrainingMovies, norm, truth);
        var validation = new MovieWindowSource(movies, config.ValidationMovies, norm, truth);

        Directory.CreateDirectory(runDirectory);
        if (!resume) config.Save(runDirectory);

        var outcomes = new List<EstimatorOutcome>();
        for (int k = 0; k < config.Estimators; k++)
        {
            var options = config.TrainingOptions(k);
            var net = CreateNetwork(config, k, Math.Max(options.Batch, 1024));
            string folder = CneepRunConfig.EstimatorFolder(runDirectory, k);
            // a resumed estimator continues from its own checkpoint, which no longer needs the source run
            if (config.InitFrom != null && !(resume && TrainingCheckpoint.ExistsIn(folder)))
                CneepWarmStart.Load(config.InitFrom, k, net);
            outcomes.Add(EstimatorRun.TrainOrReload(net, train, validation, options, folder, resume, progress, k, config.Estimators));
        }
        WriteRunSummary(Path.Combine(runDirectory, SummaryFile), outcomes);
        return outcomes;
    }

    /// <summary>Network of estimator k (0-based): seed Seed + k, worker count from <see cref="EngineThreads"/>.</summary>
    public static CneepNetwork CreateNetwork(CneepRunConfig config, int estimator, int maxBatch) =>
        new(config.Architecture, maxBatch, config.Seed + estimator, EngineThreads.Count, inputBasis: config.WindowInputBasis.Matrix(config.FramesPerInput));

    /// <summary>Checks the input, splits it and computes the normalisation — all before anything is written.</summary>
    private static CneepRunConfig Plan(CneepTrainRequest r, IProgressSink progress)
    {
        r.Training.Validate();
        WindowInputBasis.CheckMode(r.WindowInput);
        if (r.Estimators < 1) throw new InputException($"--estimators must be at least 1 (got {r.Estimators})");
        using var movies = MovieSet.Open(r.Movies);
        var arch = new CneepArchitecture(r.FramesPerInput, movies.Height, movies.Width, r.Channels, r.Depth, r.LastBlockConvs, r.LastBlockFirstKernel);
        CheckMovies(movies, arch, r.Movies);
        int m = movies.Count;
        if (m < 2) throw new InputException($"{r.Movies}: {m} movie(s); at least 2 are needed to hold out whole movies for validation (split 4:1 by movie)");
        var source = r.InitFrom != null ? CneepWarmStart.Source(r.InitFrom, arch, r.WindowInput, r.Estimators) : null;
        var (trn, val) = (source != null ? CneepWarmStart.SourceSplit(source, r.Movies, m) : null) ?? Split(m, r.Training.Seed);
        progress.Log($"{m} movies of {movies.Height}×{movies.Width}: {trn.Length} for training, {val.Length} for validation" +
                     (source != null ? $"; starting from θ* of {r.InitFrom}, with its input normalisation" +
                                        (source.Channels < r.Channels ? $", widened from {source.Channels} to {r.Channels} channels" : "") : ""));
        var norm = source?.MovieNormalisation ?? MovieNormalisation.Compute(movies, trn, r.Normalisation, progress);
        var basis = source?.WindowInputBasis ?? WindowInputBasis.Compute(movies, trn, norm, r.FramesPerInput, r.WindowInput);
        CheckFinite(movies, val);
        TrueEntropy.TryLoad(r.Movies, movies);   // a malformed entropy.npy is bad input now, not after training
        var t = r.Training;
        return new CneepRunConfig
        {
            Movies = Path.GetFullPath(r.Movies), Dt = t.Dt, FramesPerInput = r.FramesPerInput, Channels = r.Channels, Depth = r.Depth, LastBlockConvs = r.LastBlockConvs, LastBlockFirstKernel = r.LastBlockFirstKernel,
            Height = movies.Height, Width = movies.Width, Estimators = r.Estimators, Seed = t.Seed,
            Normalisation = norm.Mode, NormalisationMean = norm.Mean, NormalisationStd = norm.Std,
            WindowInput = basis.Mode, DifferenceScales = basis.DifferenceScales,
            TrainingMovies = trn, ValidationMovies = val, Iterations = t.Iterations, Batch = t.Batch, LearningRate = t.LearningRate,
            LrSchedule = t.Schedule, Warmup = t.Warmup, FinalLrFraction = t.FinalLearningRateFraction, WeightDecay = t.WeightDecay, Beta1 = t.Beta1, ParameterAverage = t.ParameterAverage,
            EvalEvery = t.EvalEvery, MaxValidationShare = t.MaxValidationShare, MaxMinutes = t.MaxMinutes, CheckpointMinutes = t.CheckpointMinutes,
            InitFrom = r.InitFrom != null ? Path.GetFullPath(r.InitFrom) : null,
        };
    }

    /// <summary>Algorithm 1's split: a seeded shuffle, one movie in five (at least one) held out for validation.</summary>
    private static (int[] Training, int[] Validation) Split(int movieCount, int seed)
    {
        int nVal = Math.Max(1, (int)Math.Round(movieCount / 5.0));
        var order = Enumerable.Range(0, movieCount).ToArray();
        new Random(seed).Shuffle(order);
        return (order.Skip(nVal).Order().ToArray(), order.Take(nVal).Order().ToArray());
    }

    /// <summary>Frame size against the network and movie length against n + 1 frames (one clear line each).</summary>
    public static void CheckMovies(IMovieSet movies, CneepArchitecture arch, string path)
    {
        (arch with { Height = movies.Height, Width = movies.Width }).Validate();
        for (int i = 0; i < movies.Count; i++)
            if (movies.FrameCount(i) < arch.Frames + 1)
                throw new InputException($"{path}: movie {i} has {movies.FrameCount(i)} frames; at least {arch.Frames + 1} (frames per input + 1) are needed");
    }

    /// <summary>Reads every frame once so NaN/Inf pixels are reported before training starts.</summary>
    public static void CheckFinite(IMovieSet movies, IEnumerable<int> indices)
    {
        int pixels = movies.Height * movies.Width;
        var buffer = new float[256 * pixels];
        foreach (int m in indices)
            for (int s = 0; s < movies.FrameCount(m); s += 256)
            {
                int c = Math.Min(256, movies.FrameCount(m) - s);
                movies.CopyFrames(m, s, c, buffer);
                foreach (float v in buffer.AsSpan(0, c * pixels))
                    if (!float.IsFinite(v)) throw new InputException($"movie {m} frames {s}..{s + c - 1}: NaN or infinite pixel values");
            }
    }

    private static void WriteRunSummary(string path, IReadOnlyList<EstimatorOutcome> outcomes)
    {
        var sig = outcomes.Select(o => o.SigmaValAtBest).ToArray();
        var json = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["estimators"] = outcomes.Count,
            ["best_iteration"] = outcomes.Select(o => o.BestIteration).ToArray(),
            ["best_j_val"] = outcomes.Select(o => o.BestJVal).ToArray(),
            ["sigma_val_at_best"] = sig,
            ["sigma_val_mean"] = sig.Average(),
            ["sigma_val_std"] = Statistics.SampleStd(sig),
            ["r2_val_at_best"] = outcomes.All(o => o.R2ValAtBest.HasValue) ? outcomes.Select(o => o.R2ValAtBest!.Value).ToArray() : null,
            ["train_seconds"] = Math.Round(outcomes.Sum(o => o.TrainSeconds), 3),
        }, CneepRunConfig.Json);
        AtomicOutput.WriteAllText(path, json);
    }
}
