using System.Text.Json;
using EntropyScope.IO;

namespace EntropyScope.Estimators.Neep;

/// <summary>
/// Ground truth beside simulated trajectories (models contract): entropy.npy (float64 M×(L−1), true per-step ΔS of the
/// full dynamics, also for partially observed data) and truth.json (entropy_rate, dt, partial, ...). Both optional.
/// </summary>
public sealed class TrajectoryTruth : IDisposable
{
    private readonly NpyArray? _perStep;
    private readonly int _steps;

    private TrajectoryTruth(NpyArray? perStep, int steps, JsonDocument? json)
    {
        _perStep = perStep;
        _steps = steps;
        Json = json;
    }

    public JsonDocument? Json { get; }
    public bool HasPerStep => _perStep != null;

    public double? EntropyRate => Number("entropy_rate");
    public double? Dt => Number("dt");
    /// <summary>truth.json says the states are a coarse-graining (ratchet `--partial`).</summary>
    public bool Partial => Json != null && Json.RootElement.TryGetProperty("partial", out var p) && p.ValueKind == JsonValueKind.True;

    /// <summary>True ΔS of steps [start, start + count) of trajectory m.</summary>
    public double[] PerStep(int trajectory, int start, int count)
    {
        var result = new double[count];
        _perStep!.CopyTo<double>((long)trajectory * _steps + start, result);
        return result;
    }

    private double? Number(string name) =>
        Json != null && Json.RootElement.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.Number ? e.GetDouble() : null;

    public void Dispose()
    {
        _perStep?.Dispose();
        Json?.Dispose();
    }

    /// <summary>The folder that holds the data (the path itself when it is a folder).</summary>
    public static string DataFolder(string path) =>
        Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";

    /// <summary>Reads entropy.npy and truth.json beside the trajectories when present; a shape mismatch is bad input.</summary>
    public static TrajectoryTruth? TryLoad(string path, ITrajectorySet set)
    {
        string folder = DataFolder(path);
        string npy = Path.Combine(folder, "entropy.npy"), json = Path.Combine(folder, "truth.json");
        JsonDocument? doc = null;
        if (File.Exists(json))
        {
            try { doc = JsonDocument.Parse(File.ReadAllText(json)); }
            catch (JsonException e) { throw new InputException($"{json}: not valid JSON ({e.Message})"); }
        }
        NpyArray? arr = null;
        int steps = 0;
        if (File.Exists(npy))
        {
            arr = NpyArray.Open(npy);
            int[] s = arr.Shape;
            steps = set.Length(0) - 1;
            bool equal = Enumerable.Range(0, set.Count).All(m => set.Length(m) == steps + 1);
            bool ok = equal && ((s.Length == 2 && s[0] == set.Count && s[1] == steps) || (s.Length == 1 && set.Count == 1 && s[0] == steps));
            if (!ok)
            {
                arr.Dispose();
                throw new InputException($"{npy}: shape [{string.Join(", ", s)}] does not match {set.Count} trajectories of {set.Length(0)} steps (expected [{set.Count}, {set.Length(0) - 1}])");
            }
        }
        return arr == null && doc == null ? null : new TrajectoryTruth(arr, steps, doc);
    }
}
