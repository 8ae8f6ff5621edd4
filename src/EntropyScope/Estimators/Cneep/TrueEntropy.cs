using System.Text.Json;
using EntropyScope.IO;

namespace EntropyScope.Estimators.Cneep;

/// <summary>
/// Ground truth beside simulated movies (models contract): entropy.npy (float64 M×(L−1), true per-step ΔS) and
/// truth.json (entropy_rate, bonds with exchanged_entropy_rate, dt, ...). Absent files mean "truth unknown".
/// </summary>
public sealed class TrueEntropy
{
    private readonly double[][] _perStep;

    private TrueEntropy(double[][] perStep, JsonDocument? truthJson)
    {
        _perStep = perStep;
        Json = truthJson;
    }

    /// <summary>The parsed truth.json, or null.</summary>
    public JsonDocument? Json { get; }

    public double[] PerStep(int movie) => _perStep[movie];

    public double? EntropyRate =>
        Json != null && Json.RootElement.TryGetProperty("entropy_rate", out var e) && e.ValueKind == JsonValueKind.Number ? e.GetDouble() : null;

    public double? ReferenceEntropyRate =>
        Json != null && Json.RootElement.TryGetProperty("reference_entropy_rate", out var e) && e.ValueKind == JsonValueKind.Number ? e.GetDouble() : null;

    /// <summary>The folder that holds the movies (the path itself when it is a folder).</summary>
    public static string DataFolder(string moviesPath) =>
        Directory.Exists(moviesPath) ? moviesPath : Path.GetDirectoryName(Path.GetFullPath(moviesPath)) ?? ".";

    /// <summary>Reads entropy.npy (+ truth.json) beside the movies when present and consistent with them, else null.</summary>
    public static TrueEntropy? TryLoad(string moviesPath, IMovieSet movies)
    {
        string folder = DataFolder(moviesPath);
        string npy = Path.Combine(folder, "entropy.npy"), json = Path.Combine(folder, "truth.json");
        if (!File.Exists(npy)) return null;
        using var arr = NpyArray.Open(npy);
        int[] s = arr.Shape;
        int frames = movies.FrameCount(0);
        bool twoD = s.Length == 2 && s[0] == movies.Count && s[1] == frames - 1;
        bool oneD = s.Length == 1 && movies.Count == 1 && s[0] == frames - 1;
        if (!twoD && !oneD)
            throw new InputException($"{npy}: shape [{string.Join(", ", s)}] does not match {movies.Count} movies of {frames} frames (expected [{movies.Count}, {frames - 1}])");
        double[] all = arr.ReadAll<double>();
        var perStep = new double[movies.Count][];
        for (int m = 0; m < movies.Count; m++) perStep[m] = all.AsSpan(m * (frames - 1), frames - 1).ToArray();
        JsonDocument? doc = null;
        if (File.Exists(json))
        {
            try { doc = JsonDocument.Parse(File.ReadAllText(json)); }
            catch (JsonException e) { throw new InputException($"{json}: not valid JSON ({e.Message})"); }
        }
        return new TrueEntropy(perStep, doc);
    }
}
