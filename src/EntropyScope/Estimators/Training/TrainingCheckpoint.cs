using System.Globalization;
using EntropyScope.Tensors.Checkpoints;
using EntropyScope.Tensors.Nn;
using EntropyScope.Tensors.Optim;

namespace EntropyScope.Estimators.Training;

/// <summary>
/// The resumable state of one estimator in ONE atomic safetensors file: current parameters, Adam moments (same tensor
/// names as <see cref="Checkpoint"/>), the best parameters θ* ("best." prefix), the parameter average when training
/// keeps one ("average." prefix) and the loop counters as metadata.
/// best.safetensors holds θ* alone (what estimate/map load).
/// </summary>
public static class TrainingCheckpoint
{
    public const string StateFile = "checkpoint.safetensors";
    public const string BestFile = "best.safetensors";

    /// <summary>Whether <paramref name="directory"/> holds a training state to resume from.</summary>
    public static bool ExistsIn(string directory) => File.Exists(Path.Combine(directory, StateFile));
    public const string BestPrefix = "best.";
    public const string AveragePrefix = "average.";

    public sealed record State(long Iteration, long BestIteration, double BestJ, double TrainSeconds);

    public static void Save(string directory, ParameterStore store, Adam adam, float[] best, State state, float[]? average = null)
    {
        var tensors = new List<(string, int[], float[])>();
        foreach (var p in store.Parameters) tensors.Add((p.Name, p.Shape, p.Value.ToArray()));
        foreach (var p in store.Parameters)
        {
            tensors.Add((Checkpoint.FirstMomentPrefix + p.Name, p.Shape, adam.FirstMoment.AsSpan(p.Offset, p.Length).ToArray()));
            tensors.Add((Checkpoint.SecondMomentPrefix + p.Name, p.Shape, adam.SecondMoment.AsSpan(p.Offset, p.Length).ToArray()));
            tensors.Add((BestPrefix + p.Name, p.Shape, best.AsSpan(p.Offset, p.Length).ToArray()));
            if (average != null) tensors.Add((AveragePrefix + p.Name, p.Shape, average.AsSpan(p.Offset, p.Length).ToArray()));
        }
        var meta = new Dictionary<string, string>
        {
            ["format"] = "entropyscope-training-1",
            ["optimizer.step"] = adam.StepCount.ToString(CultureInfo.InvariantCulture),
            ["iteration"] = state.Iteration.ToString(CultureInfo.InvariantCulture),
            ["best_iteration"] = state.BestIteration.ToString(CultureInfo.InvariantCulture),
            ["best_j_val"] = state.BestJ.ToString("R", CultureInfo.InvariantCulture),
            ["train_seconds"] = state.TrainSeconds.ToString("R", CultureInfo.InvariantCulture),
        };
        Safetensors.Save(Path.Combine(directory, StateFile), tensors, meta);
        SaveBest(Path.Combine(directory, BestFile), store, best, state);
    }

    public static void SaveBest(string path, ParameterStore store, float[] best, State state)
    {
        var tensors = store.Parameters.Select(p => (p.Name, p.Shape, best.AsSpan(p.Offset, p.Length).ToArray())).ToList();
        Safetensors.Save(path, tensors, new Dictionary<string, string>
        {
            ["best_iteration"] = state.BestIteration.ToString(CultureInfo.InvariantCulture),
            ["best_j_val"] = state.BestJ.ToString("R", CultureInfo.InvariantCulture),
        });
    }

    /// <summary>Restores parameters, Adam, θ* and the parameter average (when asked for); an unreadable or mismatched file is an <see cref="InputException"/>.</summary>
    public static State Load(string directory, ParameterStore store, Adam adam, float[] best, float[]? average = null)
    {
        string path = Path.Combine(directory, StateFile);
        try
        {
            var file = Safetensors.Load(path);
            var m = new float[store.Count];
            var v = new float[store.Count];
            foreach (var p in store.Parameters)
            {
                Get(file, path, p.Name, p).CopyTo(p.Value);
                Get(file, path, Checkpoint.FirstMomentPrefix + p.Name, p).CopyTo(m.AsSpan(p.Offset, p.Length));
                Get(file, path, Checkpoint.SecondMomentPrefix + p.Name, p).CopyTo(v.AsSpan(p.Offset, p.Length));
                Get(file, path, BestPrefix + p.Name, p).CopyTo(best.AsSpan(p.Offset, p.Length));
                if (average != null) Get(file, path, AveragePrefix + p.Name, p).CopyTo(average.AsSpan(p.Offset, p.Length));
            }
            adam.RestoreState(long.Parse(Meta(file, path, "optimizer.step"), CultureInfo.InvariantCulture), m, v);
            return new State(
                long.Parse(Meta(file, path, "iteration"), CultureInfo.InvariantCulture),
                long.Parse(Meta(file, path, "best_iteration"), CultureInfo.InvariantCulture),
                double.Parse(Meta(file, path, "best_j_val"), CultureInfo.InvariantCulture),
                double.Parse(Meta(file, path, "train_seconds"), CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is InvalidDataException or IOException or FormatException or ArgumentException or KeyNotFoundException)
        {
            throw new InputException($"{path}: unreadable checkpoint ({e.Message.Replace('\n', ' ')})");
        }
    }

    /// <summary>Loads θ* (best.safetensors) into <paramref name="store"/>.</summary>
    public static IReadOnlyDictionary<string, string> LoadBest(string path, ParameterStore store)
    {
        try
        {
            var file = Safetensors.Load(path);
            foreach (var p in store.Parameters) Get(file, path, p.Name, p).CopyTo(p.Value);
            return file.Metadata;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or FormatException or ArgumentException or KeyNotFoundException)
        {
            throw new InputException($"{path}: unreadable checkpoint ({e.Message.Replace('\n', ' ')})");
        }
    }

    private static float[] Get(SafetensorsFile file, string path, string name, Parameter p)
    {
        if (!file.Tensors.TryGetValue(name, out var t)) throw new InvalidDataException($"no tensor '{name}'");
        if (!t.Shape.SequenceEqual(p.Shape))
            throw new InvalidDataException($"tensor '{name}' has shape [{string.Join(", ", t.Shape)}], the network expects [{string.Join(", ", p.Shape)}]");
        return t.Data;
    }

    private static string Meta(SafetensorsFile file, string path, string key) =>
        file.Metadata.TryGetValue(key, out var v) ? v : throw new InvalidDataException($"metadata '{key}' missing");
}
