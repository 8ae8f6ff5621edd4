using System.Text.Json;
using System.Text.Json.Serialization;
using EntropyScope.Models.Tracer;

namespace EntropyScope.Estimators.ActiveNoise;

/// <summary>tracer-model.json: what a trained tracer model folder holds and the prior it was trained on.</summary>
public sealed record TracerModelConfig
{
    /// <summary>2: per-trajectory unit-variance inputs + summary features, evidence head on the classifiers.</summary>
    public const int CurrentFormatVersion = 2;
    public const string FormatName = "entropyscope-tracer-model";

    [JsonPropertyName("format")] public string Format { get; init; } = FormatName;
    [JsonPropertyName("format_version")] public int FormatVersion { get; init; } = CurrentFormatVersion;
    [JsonPropertyName("dt")] public double Dt { get; init; }
    [JsonPropertyName("prior")] public TracerPrior Prior { get; init; } = TracerPrior.Default;
    [JsonPropertyName("features")] public TracerFeatures Features { get; init; } = new();
    [JsonPropertyName("hidden")] public int Hidden { get; init; }
    [JsonPropertyName("dense")] public int Dense { get; init; }
    /// <summary>"mean" or "last" (see <see cref="TracerPooling"/>).</summary>
    [JsonPropertyName("pooling")] public string Pooling { get; init; } = "mean";
    /// <summary>Frames per LSTM step (absent in models made before it existed: 1).</summary>
    [JsonPropertyName("frames_per_step")] public int FramesPerStep { get; init; } = 1;
    [JsonPropertyName("min_length")] public int MinLength { get; init; }
    [JsonPropertyName("max_length")] public int MaxLength { get; init; }
    [JsonPropertyName("seed")] public long Seed { get; init; }
    /// <summary>Task name → training summary; each task's weights are TASK.safetensors in the same folder.</summary>
    [JsonPropertyName("tasks")] public Dictionary<string, TracerTrainingSummary> Tasks { get; init; } = [];
}

/// <summary>
/// A trained tracer model folder: tracer-model.json plus one safetensors file per task
/// (active.safetensors, rbp.safetensors, log_d.safetensors, log_d_a.safetensors).
/// </summary>
public sealed class TracerModelBundle
{
    public const string ConfigFile = "tracer-model.json";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public required TracerModelConfig Config { get; init; }
    public required Dictionary<TracerTask, TracerNetwork> Networks { get; init; }
    public string Source { get; init; } = "";

    public void Save(string directory) =>
        IO.AtomicOutput.WriteDirectory(directory, tmp =>
        {
            foreach (var (task, net) in Networks)
                net.Save(Path.Combine(tmp, task.Name() + ".safetensors"), new Dictionary<string, string> { ["task"] = task.Name(), ["format"] = TracerModelConfig.FormatName });
            IO.AtomicOutput.WriteAllText(Path.Combine(tmp, ConfigFile), JsonSerializer.Serialize(Config, Json));
        });

    /// <summary>Loads a model folder (or the tracer-model.json inside it); bad or foreign files → <see cref="InputException"/>.</summary>
    public static TracerModelBundle Load(string path)
    {
        string dir = Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        string cfgPath = Path.Combine(dir, ConfigFile);
        if (!File.Exists(cfgPath)) throw new InputException($"{path}: not a tracer model (no {ConfigFile})");
        TracerModelConfig? cfg;
        try { cfg = JsonSerializer.Deserialize<TracerModelConfig>(File.ReadAllText(cfgPath)); }
        catch (JsonException e) { throw new InputException($"{cfgPath}: unreadable model config ({e.Message.Split('\n')[0]})"); }
        if (cfg == null || cfg.Format != TracerModelConfig.FormatName)
            throw new InputException($"{cfgPath}: not an {TracerModelConfig.FormatName} file");
        if (cfg.FormatVersion != TracerModelConfig.CurrentFormatVersion)
            throw new InputException($"{cfgPath}: model format version {cfg.FormatVersion}, this entropyscope reads version {TracerModelConfig.CurrentFormatVersion}");
        if (cfg.FramesPerStep < 1) throw new InputException($"{cfgPath}: frames_per_step must be >= 1, got {cfg.FramesPerStep}");
        var nets = new Dictionary<TracerTask, TracerNetwork>();
        foreach (var name in cfg.Tasks.Keys)
        {
            var task = TracerTaskInfo.Parse(name);
            string file = Path.Combine(dir, name + ".safetensors");
            if (!File.Exists(file)) throw new InputException($"{file}: missing weights for task {name}");
            try { nets[task] = TracerNetwork.Load(file, task, cfg.Hidden, cfg.Dense, ParsePooling(cfg.Pooling, cfgPath), cfg.FramesPerStep); }
            catch (Exception e) when (e is InvalidDataException or KeyNotFoundException or ArgumentException)
            { throw new InputException(e.Message.StartsWith(file, StringComparison.Ordinal) ? e.Message : $"{file}: {e.Message}"); }
        }
        return new TracerModelBundle { Config = cfg, Networks = nets, Source = dir };
    }

    public static TracerPooling ParsePooling(string s, string source) => s switch
    {
        "mean" => TracerPooling.Mean,
        "last" => TracerPooling.Last,
        _ => throw new InputException($"{source}: pooling must be 'mean' or 'last', got '{s}'"),
    };
}
