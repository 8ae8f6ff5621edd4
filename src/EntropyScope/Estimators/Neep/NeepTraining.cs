using System.Text.Json;
using EntropyScope.Estimators.Training;
using EntropyScope.IO;

namespace EntropyScope.Estimators.Neep;

/// <summary>What `train --estimator neep|rneep` was asked for (CLI options; defaults in docs/neep.md).</summary>
public sealed record NeepTrainRequest
{
    public required string Trajectories { get; init; }
    public required string Kind { get; init; }
    /// <summary>Time between steps; null = truth.json's dt beside the data, else 1 (rates per step).</summary>
    public double? Dt { get; init; }
    public int? Window { get; init; }
    public int? Hidden { get; init; }
    public int? Layers { get; init; }
    /// <summary>Declared number of discrete states; null = largest state + 1.</summary>
    public int? States { get; init; }
    public bool Standardise { get; init; } = true;
    /// <summary>NEEP on continuous states: <see cref="NeepArchitecture.StatesInput"/> (default) or <see cref="NeepArchitecture.IncrementsInput"/>.</summary>
    public string? PairInput { get; init; }
    public int Estimators { get; init; } = 1;
    public TrainingOptions Training { get; init; } = new();
}

/// <summary>
/// `train` for trajectories: validates them, splits them 4:1 by trajectory (seeded; a single trajectory is split 4:1
/// in time), standardises per coordinate with training statistics and trains K independently seeded NEEP/RNEEP
/// estimators with the shared <see cref="Trainer"/> (Algorithm 1). Layout in docs/neep.md.
/// </summary>
public static class NeepTraining
{
    public const string SummaryFile = "summary.json";

    public static IReadOnlyList<EstimatorOutcome> Train(NeepTrainRequest request, string runDirectory, bool resume, IProgressSink progress)
    {
        NeepRunConfig config;
        bool existing = File.Exists(Path.Combine(runDirectory, NeepRunConfig.FileName));
        if (resume && existing) config = NeepRunConfig.Load(runDirectory);
        else
        {
            if (resume) throw new InputException($"{runDirectory}: nothing to resume ({NeepRunConfig.FileName} missing)");
            if (Directory.Exists(runDirectory) && Directory.EnumerateFileSystemEntries(runDirectory).Any())
                throw new InputException($"{runDirectory}: output folder exists and is not empty (use --resume to continue it, or another --out)");
            config = Plan(request, progress);
        }

        using var set = TrajectorySet.Open(config.Trajectories);
        using var truth = TrajectoryTruth.TryLoad(config.Trajectories, set);
        var train = new TrajectoryWindowSource(set, config.TrainingSegments, config.Standardisation, truth);
        var validation = new TrajectoryWindowSource(set, config.ValidationSegments, config.Standardisation, truth);
        bool lowerBound = LowerBound(config.Kind, truth);
        if (lowerBound) progress.Log(LowerBoundNote);

        Directory.CreateDirectory(runDirectory);
        if (!existing) config.Save(runDirectory);

        var outcomes = new List<EstimatorOutcome>();
        for (int k = 0; k < config.Estimators; k++)
        {
            var options = config.TrainingOptions(k);
            var net = NeepNetworks.Create(config.Architecture, EvaluationBatch(options.Batch), config.Seed + k);
            outcomes.Add(EstimatorRun.TrainOrReload(net, train, validation, options, NeepRunConfig.EstimatorFolder(runDirectory, k),
                resume, progress, k, config.Estimators));
        }
        WriteRunSummary(Path.Combine(runDirectory, SummaryFile), config, outcomes, truth, lowerBound);
        return outcomes;
    }

    /// <summary>Whether a finished run's summary.json reports a lower bound.</summary>
    public static bool SummaryIsLowerBound(string runDirectory)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(runDirectory, SummaryFile)));
        return doc.RootElement.TryGetProperty("lower_bound", out var b) && b.ValueKind == JsonValueKind.True;
    }

    /// <summary>Windows per inference call (buffers are sized for it once).</summary>
    public static int EvaluationBatch(int trainingBatch) => Math.Max(trainingBatch, 4096);

    public const string LowerBoundNote =
        "lower bound: the observed states may be a coarse-graining of the full dynamics (partial observation, e.g. x = s mod 3); " +
        "the estimate then bounds the full EP from below and only counts what k-state windows reveal";

    /// <summary>RNEEP always reports a lower bound (it is meant for coarse-grained, non-Markovian data); NEEP when truth.json says partial.</summary>
    public static bool LowerBound(string kind, TrajectoryTruth? truth) => kind == NeepArchitecture.Rneep || truth?.Partial == true;

    /// <summary>Checks the input, splits it and computes the standardisation — all before anything is written.</summary>
    private static NeepRunConfig Plan(NeepTrainRequest r, IProgressSink progress)
    {
        r.Training.Validate();
        if (r.Estimators < 1) throw new InputException($"--estimators must be at least 1 (got {r.Estimators})");
        if (r.States is int st && st < 1) throw new InputException($"--states must be positive (got {st})");
        using var set = TrajectorySet.Open(r.Trajectories);
        int tokens = 0;
        if (set.IsDiscrete)
        {
            int max = DiscreteStates.Max(set, r.Trajectories);
            if (r.States is int declared) { DiscreteStates.CheckRange(set, r.Trajectories, declared); tokens = declared; }
            else tokens = max + 1;
        }
        else if (r.States != null) throw new InputException($"--states applies to discrete (integer) states, but {r.Trajectories} holds continuous coordinates");
        var arch = NeepArchitecture.Default(r.Kind, set.Dimension, tokens, r.Hidden, r.Layers, r.Window, r.PairInput);
        (arch with { PairInput = NeepArchitecture.StatesInput }).Validate(); // the increment std is computed below
        for (int m = 0; m < set.Count; m++)
            if (set.Length(m) < arch.Window)
                throw new InputException($"{r.Trajectories}: trajectory {m} has {set.Length(m)} steps; at least {arch.Window} (the window length) are needed");
        using var truth = TrajectoryTruth.TryLoad(r.Trajectories, set);
        double dt = r.Dt ?? truth?.Dt ?? 1;
        if (!(dt > 0) || double.IsInfinity(dt)) throw new InputException($"--dt must be positive (got {dt})");
        var (trn, val) = Split(set, arch.Window, r.Training.Seed, r.Trajectories);
        progress.Log(set.Count > 1
            ? $"{set.Count} trajectories of dimension {set.Dimension}{(tokens > 0 ? $" ({tokens} discrete states)" : "")}: {trn.Length} for training, {val.Length} for validation"
            : $"one trajectory of {set.Length(0)} steps{(tokens > 0 ? $" ({tokens} discrete states)" : "")}: first {trn[0].Length} steps for training, last {val[0].Length} for validation");
        if (r.Dt == null) progress.Log(truth?.Dt != null ? $"dt = {dt} from truth.json" : "no --dt and no truth.json: rates are per step (dt = 1)");
        var standard = !set.IsDiscrete && r.Standardise ? TrajectoryStandardisation.Compute(set, trn) : TrajectoryStandardisation.Identity(set.Dimension);
        if (arch.PairInput == NeepArchitecture.IncrementsInput)
        {
            if (set.IsDiscrete) throw new InputException($"--pair-input {NeepArchitecture.IncrementsInput} applies to neep on continuous coordinates only");
            arch = arch with { IncrementStd = standard.IncrementStd(set, trn) };
            arch.Validate();
        }
        return new NeepRunConfig
        {
            Kind = arch.Kind, Trajectories = Path.GetFullPath(r.Trajectories), Dt = dt, Dimension = arch.Dimension, Tokens = arch.Tokens,
            Hidden = arch.Hidden, Layers = arch.Layers, Window = arch.Window, Embedding = arch.Embedding, Estimators = r.Estimators,
            PairInput = arch.PairInput, IncrementStd = arch.IncrementStd,
            Seed = r.Training.Seed, StandardisationMean = standard.Mean, StandardisationStd = standard.Std,
            TrainingSegments = trn, ValidationSegments = val, Training = r.Training with { Dt = dt },
        };
    }

    /// <summary>Held-out whole trajectories (4:1, seeded); one trajectory is split in time (first 4/5 train, last 1/5 validation).</summary>
    public static (TrajectorySegment[] Train, TrajectorySegment[] Validation) Split(ITrajectorySet set, int window, int seed, string path)
    {
        int m = set.Count;
        if (m == 1)
        {
            int length = set.Length(0), nVal = (int)Math.Round(length / 5.0);
            if (nVal < window || length - nVal < window)
                throw new InputException($"{path}: one trajectory of {length} steps is too short to hold out a fifth for validation with windows of {window} states (need at least {5 * window} steps)");
            return ([new TrajectorySegment(0, 0, length - nVal)], [new TrajectorySegment(0, length - nVal, nVal)]);
        }
        int nValTraj = Math.Max(1, (int)Math.Round(m / 5.0));
        var order = Enumerable.Range(0, m).ToArray();
        new Random(seed).Shuffle(order);
        var val = order.Take(nValTraj).Order().Select(i => new TrajectorySegment(i, 0, set.Length(i))).ToArray();
        var trn = order.Skip(nValTraj).Order().Select(i => new TrajectorySegment(i, 0, set.Length(i))).ToArray();
        return (trn, val);
    }

    private static void WriteRunSummary(string path, NeepRunConfig config, IReadOnlyList<EstimatorOutcome> outcomes, TrajectoryTruth? truth, bool lowerBound)
    {
        var sig = outcomes.Select(o => o.SigmaValAtBest).ToArray();
        double mean = sig.Average();
        double? trueRate = truth?.EntropyRate;
        var summary = new Dictionary<string, object?>
        {
            ["estimator"] = config.Kind,
            ["estimators"] = outcomes.Count,
            ["window"] = config.Window,
            ["dt"] = config.Dt,
            ["best_iteration"] = outcomes.Select(o => o.BestIteration).ToArray(),
            ["best_j_val"] = outcomes.Select(o => o.BestJVal).ToArray(),
            ["sigma_val_at_best"] = sig,
            ["entropy_rate_estimate"] = mean,
            ["entropy_rate_estimate_std"] = Statistics.SampleStd(sig),
            ["entropy_rate_true"] = trueRate,
            ["ratio"] = Statistics.RatioToTruth(mean, trueRate),
            ["r2"] = outcomes.All(o => o.R2ValAtBest.HasValue) ? outcomes.Average(o => o.R2ValAtBest!.Value) : null,
            ["train_seconds"] = Math.Round(outcomes.Sum(o => o.TrainSeconds), 3),
            ["lower_bound"] = lowerBound,
            ["note"] = lowerBound ? LowerBoundNote : null,
            ["evaluated_on"] = "validation",
        };
        AtomicOutput.WriteAllText(path, JsonSerializer.Serialize(summary, NeepRunConfig.Json));
    }
}
