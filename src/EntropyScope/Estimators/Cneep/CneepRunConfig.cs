using System.Text.Json;
using System.Text.Json.Serialization;
using EntropyScope.Estimators.Training;
using EntropyScope.IO;

namespace EntropyScope.Estimators.Cneep;

/// <summary>config.json of a CNEEP run folder: everything needed to re-create the networks and the data split.</summary>
public sealed record CneepRunConfig
{
    public const string FileName = "config.json";
    public string Kind { get; init; } = "cneep";
    public string Movies { get; init; } = "";
    public double Dt { get; init; }
    public int FramesPerInput { get; init; } = 2;
    public int Channels { get; init; } = 32;
    public int Depth { get; init; } = 2;
    /// <summary>3×3 convolutions in the last block (<see cref="CneepArchitecture"/>); 2 in configs written before it existed.</summary>
    public int LastBlockConvs { get; init; } = 2;
    /// <summary>Kernel of the last block's first convolution (<see cref="CneepArchitecture"/>); 3 in configs written before it existed.</summary>
    public int LastBlockFirstKernel { get; init; } = 3;
    public int Height { get; init; }
    public int Width { get; init; }
    public int Estimators { get; init; } = 1;
    public int Seed { get; init; } = 1;
    public string Normalisation { get; init; } = MovieNormalisation.AllPixels;
    public double NormalisationMean { get; init; }
    public double NormalisationStd { get; init; } = 1;
    /// <summary>WindowInputBasis mode; runs written before it existed learned on the frames.</summary>
    public string WindowInput { get; init; } = WindowInputBasis.Frames;
    public double[] DifferenceScales { get; init; } = [];
    public int[] TrainingMovies { get; init; } = [];
    public int[] ValidationMovies { get; init; } = [];
    public long Iterations { get; init; }
    public int Batch { get; init; }
    public double LearningRate { get; init; }
    public string LrSchedule { get; init; } = LearningRateSchedule.Cosine;
    public int Warmup { get; init; }
    public double FinalLrFraction { get; init; }
    public double WeightDecay { get; init; }
    public double Beta1 { get; init; } = 0.9;
    public double ParameterAverage { get; init; }
    public int EvalEvery { get; init; }
    /// <summary>0 in configs written before it existed: validate every EvalEvery steps.</summary>
    public double MaxValidationShare { get; init; }
    public double MaxMinutes { get; init; }
    public double CheckpointMinutes { get; init; }
    /// <summary>The run whose θ* the estimators started from (`--init-from`), or null for a fresh initialisation.</summary>
    public string? InitFrom { get; init; }

    public static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    // Views of the fields above, not written to config.json.
    [JsonIgnore] public CneepArchitecture Architecture => new(FramesPerInput, Height, Width, Channels, Depth, LastBlockConvs, LastBlockFirstKernel);
    [JsonIgnore] public MovieNormalisation MovieNormalisation => new(Normalisation, NormalisationMean, NormalisationStd);
    [JsonIgnore] public WindowInputBasis WindowInputBasis => new(WindowInput, DifferenceScales);

    /// <summary>Per-estimator options: estimator k (0-based) gets seed Seed + k and an equal share of the time budget.</summary>
    public TrainingOptions TrainingOptions(int estimator) => new()
    {
        Iterations = Iterations, Batch = Batch, LearningRate = LearningRate, Schedule = LrSchedule, Warmup = Warmup,
        FinalLearningRateFraction = FinalLrFraction, WeightDecay = WeightDecay, Beta1 = Beta1, ParameterAverage = ParameterAverage, EvalEvery = EvalEvery, MaxValidationShare = MaxValidationShare,
        MaxMinutes = MaxMinutes / Math.Max(1, Estimators), CheckpointMinutes = CheckpointMinutes, Seed = Seed + estimator, Dt = Dt,
    };

    public void Save(string runDirectory) => AtomicOutput.WriteAllText(Path.Combine(runDirectory, FileName), JsonSerializer.Serialize(this, Json));

    public static CneepRunConfig Load(string runDirectory)
    {
        string path = Path.Combine(runDirectory, FileName);
        if (!File.Exists(path)) throw new InputException($"{runDirectory}: not a run folder ({FileName} missing)");
        try
        {
            var c = JsonSerializer.Deserialize<CneepRunConfig>(File.ReadAllText(path), Json) ?? throw new InputException($"{path}: empty config");
            if (c.Kind != "cneep") throw new InputException($"{path}: run of kind '{c.Kind}', expected 'cneep'");
            return c;
        }
        catch (JsonException e) { throw new InputException($"{path}: unreadable config ({e.Message})"); }
    }

    public static string EstimatorFolder(string runDirectory, int estimator) => Path.Combine(runDirectory, $"estimator-{estimator + 1}");
}
