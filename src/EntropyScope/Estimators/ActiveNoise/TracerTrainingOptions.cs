using System.Text.Json.Serialization;
using EntropyScope.Models.Tracer;

namespace EntropyScope.Estimators.ActiveNoise;

/// <summary>Training settings (estimators.md §5 [assumed defaults], all configurable).</summary>
public sealed record TracerTrainingOptions
{
    public TracerPrior Prior { get; init; } = TracerPrior.Default;
    public TracerObservation Observation { get; init; } = new();
    public int Hidden { get; init; } = 64;
    public int Dense { get; init; } = 32;
    public TracerPooling Pooling { get; init; } = TracerPooling.Mean;
    /// <summary>Frames the LSTM reads per recurrent step (see <see cref="TracerNetwork"/>).</summary>
    public int FramesPerStep { get; init; } = 1;
    public int BatchSize { get; init; } = 64;
    public float LearningRate { get; init; } = 3e-3f;
    /// <summary>Warm-up then cosine decay of the learning rate over the budget (false: constant rate).</summary>
    public bool CosineDecay { get; init; } = true;
    /// <summary>Global gradient-norm clip (≤ 0: off).</summary>
    public double ClipNorm { get; init; } = 1.0;
    /// <summary>Length-robust training: each batch has one length drawn log-uniformly from [MinLength, MaxLength].</summary>
    public int MinLength { get; init; } = 50;
    public int MaxLength { get; init; } = 2000;
    /// <summary>Wall-clock budget for this network (minutes).</summary>
    public double Minutes { get; init; } = 3;
    public int MaxSteps { get; init; } = 1_000_000;
    /// <summary>Validation trajectories per validation length (lengths: MinLength, geometric middle, MaxLength).</summary>
    public int ValidationPerLength { get; init; } = 256;
    public int EvaluateEvery { get; init; } = 50;
    /// <summary>Early stopping: evaluations without improvement of the validation loss before stopping.</summary>
    public int Patience { get; init; } = 30;
    public long Seed { get; init; } = 1;
    /// <summary>Minutes between in-task checkpoints when training with a checkpoint folder (0: at every validation).</summary>
    public double CheckpointMinutes { get; init; } = 2;

    public void Validate()
    {
        Prior.Validate();
        Observation.Validate();
        if (Observation.Dimensions != 1) throw new InputException("the tracer networks take 1D trajectories (--dimensions 1)");
        if (MinLength < 10 || MaxLength < MinLength) throw new InputException($"--lengths: need 10 <= min <= max, got {MinLength}..{MaxLength}");
        if (FramesPerStep < 1 || FramesPerStep > MinLength) throw new InputException($"--frames-per-step: need 1 <= k <= the shortest training length {MinLength}, got {FramesPerStep}");
        if (Hidden < 1 || Dense < 1 || BatchSize < 2) throw new InputException("hidden, dense and batch sizes must be positive (batch >= 2)");
        if (!(Minutes > 0)) throw new InputException($"--minutes: must be > 0, got {Minutes}");
        if (!(CheckpointMinutes >= 0)) throw new InputException($"checkpoint interval: must be >= 0 minutes, got {CheckpointMinutes}");
    }
}

/// <summary>What a training run reached.</summary>
public sealed record TracerTrainingSummary
{
    [JsonPropertyName("task")] public required string Task { get; init; }
    [JsonPropertyName("steps")] public required int Steps { get; init; }
    [JsonPropertyName("seconds")] public required double Seconds { get; init; }
    [JsonPropertyName("trajectories")] public required long Trajectories { get; init; }
    [JsonPropertyName("best_validation_loss")] public required double BestValidationLoss { get; init; }
    [JsonPropertyName("best_step")] public required int BestStep { get; init; }
    [JsonPropertyName("stopped_early")] public required bool StoppedEarly { get; init; }
    /// <summary>Regressors: residual standard deviation of ln(parameter) on the validation set, per validation length.</summary>
    [JsonPropertyName("residuals")] public IReadOnlyList<LengthResidual>? Residuals { get; init; }
}

public sealed record LengthResidual([property: JsonPropertyName("length")] int Length, [property: JsonPropertyName("log_sd")] double LogSd);
