using System.Globalization;
using EntropyScope.Tensors.Nn;
using EntropyScope.Tensors.Optim;

namespace EntropyScope.Tensors.Checkpoints;

/// <summary>
/// A trained model on disk: <c>NAME.safetensors</c> holds every parameter under its own name and, optionally,
/// the Adam state (tensors <c>optimizer.exp_avg.NAME</c>, <c>optimizer.exp_avg_sq.NAME</c>; metadata
/// <c>optimizer</c>, <c>optimizer.step</c>, <c>optimizer.lr</c>, ...); <c>NAME.json</c> beside it holds the
/// caller's configuration (architecture, normalisation, ...). Values round-trip bit-exactly.
/// </summary>
public static class Checkpoint
{
    public const string FirstMomentPrefix = "optimizer.exp_avg.";
    public const string SecondMomentPrefix = "optimizer.exp_avg_sq.";

    /// <summary>The JSON config path that goes with a checkpoint: the same name with extension ".json".</summary>
    public static string ConfigPath(string checkpointPath) => Path.ChangeExtension(checkpointPath, ".json");

    /// <summary>Saves the parameters (and the optimiser state, when given) atomically; extra metadata is stored in the header.</summary>
    public static void Save(string path, ParameterStore store, Adam? optimizer = null, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var tensors = new List<(string, int[], float[])>();
        foreach (var p in store.Parameters) tensors.Add((p.Name, p.Shape, p.Value.ToArray()));
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        if (metadata != null) foreach (var kv in metadata) meta[kv.Key] = kv.Value;
        meta["format"] = "entropyscope-checkpoint-1";
        if (optimizer != null)
        {
            if (optimizer.Store != store) throw new ArgumentException("the optimiser belongs to another parameter store", nameof(optimizer));
            float[] m = optimizer.FirstMoment, v = optimizer.SecondMoment;
            foreach (var p in store.Parameters)
            {
                tensors.Add((FirstMomentPrefix + p.Name, p.Shape, m.AsSpan(p.Offset, p.Length).ToArray()));
                tensors.Add((SecondMomentPrefix + p.Name, p.Shape, v.AsSpan(p.Offset, p.Length).ToArray()));
            }
            meta["optimizer"] = "adam";
            meta["optimizer.step"] = optimizer.StepCount.ToString(CultureInfo.InvariantCulture);
            meta["optimizer.lr"] = optimizer.LearningRate.ToString("R", CultureInfo.InvariantCulture);
            meta["optimizer.beta1"] = optimizer.Beta1.ToString("R", CultureInfo.InvariantCulture);
            meta["optimizer.beta2"] = optimizer.Beta2.ToString("R", CultureInfo.InvariantCulture);
            meta["optimizer.eps"] = optimizer.Epsilon.ToString("R", CultureInfo.InvariantCulture);
            meta["optimizer.weight_decay"] = optimizer.WeightDecay.ToString("R", CultureInfo.InvariantCulture);
        }
        Safetensors.Save(path, tensors, meta);
    }

    /// <summary>
    /// Loads every parameter of <paramref name="store"/> from the file (names and shapes must match) and, when
    /// <paramref name="optimizer"/> is given, its moments, step count and learning rate. Returns the header metadata.
    /// Throws <see cref="InvalidDataException"/> naming the file and the problem.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Load(string path, ParameterStore store, Adam? optimizer = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var file = Safetensors.Load(path);
        foreach (var p in store.Parameters) Get(file, path, p.Name, p).CopyTo(p.Value);
        if (optimizer != null)
        {
            if (!file.Metadata.TryGetValue("optimizer.step", out var stepText) || !long.TryParse(stepText, NumberStyles.Integer, CultureInfo.InvariantCulture, out long step))
                throw new InvalidDataException($"{path}: checkpoint holds no optimiser state");
            var m = new float[store.Count];
            var v = new float[store.Count];
            foreach (var p in store.Parameters)
            {
                Get(file, path, FirstMomentPrefix + p.Name, p).CopyTo(m.AsSpan(p.Offset, p.Length));
                Get(file, path, SecondMomentPrefix + p.Name, p).CopyTo(v.AsSpan(p.Offset, p.Length));
            }
            optimizer.RestoreState(step, m, v);
            if (file.Metadata.TryGetValue("optimizer.lr", out var lrText) && float.TryParse(lrText, NumberStyles.Float, CultureInfo.InvariantCulture, out float lr))
                optimizer.LearningRate = lr;
        }
        return file.Metadata;
    }

    /// <summary>Writes the JSON config beside the checkpoint (atomically).</summary>
    public static void SaveConfig(string checkpointPath, string json) =>
        AtomicFile.Write(ConfigPath(checkpointPath), s => { using var w = new StreamWriter(s, leaveOpen: true); w.Write(json); });

    public static string LoadConfig(string checkpointPath)
    {
        string cfg = ConfigPath(checkpointPath);
        if (!File.Exists(cfg)) throw new InvalidDataException($"{cfg}: the checkpoint's JSON config is missing");
        return File.ReadAllText(cfg);
    }

    private static float[] Get(SafetensorsFile file, string path, string name, Parameter p)
    {
        if (!file.Tensors.TryGetValue(name, out var t)) throw new InvalidDataException($"{path}: checkpoint has no tensor '{name}'");
        if (!t.Shape.SequenceEqual(p.Shape))
            throw new InvalidDataException($"{path}: tensor '{name}' has shape [{string.Join(", ", t.Shape)}] but the model expects [{string.Join(", ", p.Shape)}]");
        return t.Data;
    }
}
