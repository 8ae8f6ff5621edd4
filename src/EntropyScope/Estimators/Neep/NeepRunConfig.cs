using System.Text.Json;
using EntropyScope.Estimators.Training;
using EntropyScope.IO;

namespace EntropyScope.Estimators.Neep;

/// <summary>config.json of a NEEP/RNEEP run folder: everything needed to re-create the networks, the split and the standardisation.</summary>
public sealed record NeepRunConfig
{
    public const string FileName = "config.json";
    public string Kind { get; init; } = NeepArchitecture.Neep;
    public string Trajectories { get; init; } = "";
    public double Dt { get; init; } = 1;
    public int Dimension { get; init; }
    public int Tokens { get; init; }
    public int Hidden { get; init; }
    public int Layers { get; init; }
    public int Window { get; init; }
    public int Embedding { get; init; } = NeepArchitecture.DefaultEmbedding;
    public string PairInput { get; init; } = NeepArchitecture.StatesInput;
    public double[] IncrementStd { get; init; } = [];
    public int Estimators { get; init; } = 1;
    public int Seed { get; init; } = 1;
    public double[] StandardisationMean { get; init; } = [];
    public double[] StandardisationStd { get; init; } = [];
    public TrajectorySegment[] TrainingSegments { get; init; } = [];
    public TrajectorySegment[] ValidationSegments { get; init; } = [];
    public TrainingOptions Training { get; init; } = new();

    public NeepArchitecture Architecture => new()
    {
        Kind = Kind, Dimension = Dimension, Tokens = Tokens, Hidden = Hidden, Layers = Layers, Window = Window, Embedding = Embedding,
        PairInput = PairInput, IncrementStd = IncrementStd,
    };

    public TrajectoryStandardisation Standardisation => new(StandardisationMean, StandardisationStd);

    /// <summary>Options of estimator k (0-based): seed Seed + k and an equal share of the time budget.</summary>
    public TrainingOptions TrainingOptions(int estimator) =>
        Training with { Seed = Seed + estimator, MaxMinutes = Training.MaxMinutes / Math.Max(1, Estimators), Dt = Dt };

    public void Save(string runDirectory) => AtomicOutput.WriteAllText(Path.Combine(runDirectory, FileName), JsonSerializer.Serialize(this, Json));

    public static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    /// <summary>The "kind" of a run folder's config.json (cneep, neep, rneep), or null when there is none.</summary>
    public static string? ReadKind(string runDirectory)
    {
        string path = Path.Combine(runDirectory, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            return doc.RootElement.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : "cneep";
        }
        catch (JsonException e) { throw new InputException($"{path}: unreadable config ({e.Message})"); }
    }

    public static NeepRunConfig Load(string runDirectory)
    {
        string path = Path.Combine(runDirectory, FileName);
        if (!File.Exists(path)) throw new InputException($"{runDirectory}: not a run folder ({FileName} missing)");
        try
        {
            var c = JsonSerializer.Deserialize<NeepRunConfig>(File.ReadAllText(path), Json) ?? throw new InputException($"{path}: empty config");
            if (c.Kind != NeepArchitecture.Neep && c.Kind != NeepArchitecture.Rneep) throw new InputException($"{path}: run of kind '{c.Kind}', expected 'neep' or 'rneep'");
            return c;
        }
        catch (JsonException e) { throw new InputException($"{path}: unreadable config ({e.Message})"); }
    }

    public static string EstimatorFolder(string runDirectory, int estimator) => Path.Combine(runDirectory, $"estimator-{estimator + 1}");
}
