using System.Text.Json;
using EntropyScope.Estimators.Cneep;
using EntropyScope.Estimators.Training;
using EntropyScope.IO;

namespace EntropyScope.Tests.Reports.Html;

/// <summary>
/// A small, seeded CNEEP output tree written the way `simulate bead-spring`, `train` and `estimate` lay it out
/// (data/, run/, run/estimate/), with the library's own writers, so the report is tested against the real formats.
/// </summary>
public sealed class SyntheticRun : IDisposable
{
    public const int Movies = 3, Frames = 41, H = 8, W = 40, K = 2, MapH = 2, MapW = 10;
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "es-report-" + Guid.NewGuid().ToString("N")[..8]);
    public string Data => Path.Combine(Root, "data");
    public string Run => Path.Combine(Root, "run");
    public string Estimate => Path.Combine(Run, "estimate");

    public SyntheticRun(bool finished = true, bool withEstimate = true, string moviesLabel = "", bool neep = false)
    {
        var rng = new Random(7);
        Directory.CreateDirectory(Data);
        var movies = new byte[Movies * Frames * H * W];
        rng.NextBytes(movies);
        Npy.Write<byte>(Path.Combine(Data, "movies.npy"), movies, Movies, Frames, H, W);
        var ds = Enumerable.Range(0, Movies * (Frames - 1)).Select(_ => 0.02 + 0.3 * (rng.NextDouble() - 0.5)).ToArray();
        Npy.Write<double>(Path.Combine(Data, "entropy.npy"), ds, Movies, Frames - 1);
        File.WriteAllText(Path.Combine(Data, "truth.json"),
            """{"model":"bead-spring","dt":0.01,"entropy_rate":2.025,"bonds":[{"i":0,"j":1,"exchanged_entropy_rate":2.025}]}""");

        Directory.CreateDirectory(Run);
        if (neep)
            File.WriteAllText(Path.Combine(Run, "config.json"), JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["kind"] = "neep", ["trajectories"] = Path.Combine(Data, "trajectories.npy"), ["dt"] = 0.01, ["dimension"] = 2, ["window"] = 2,
                ["estimators"] = K, ["training"] = new Dictionary<string, object> { ["iterations"] = 100, ["batch"] = 16 },
            }));
        else new CneepRunConfig
        {
            Movies = Data + moviesLabel, Dt = 0.01, Height = H, Width = W, Estimators = K, Channels = 8, Iterations = 100, Batch = 16,
            LearningRate = 1e-3, EvalEvery = 10, TrainingMovies = [0, 1], ValidationMovies = [2],
        }.Save(Run);
        for (int k = 1; k <= K; k++)
        {
            string folder = Path.Combine(Run, $"estimator-{k}");
            Directory.CreateDirectory(folder);
            int rows = finished ? 10 : 4;
            var log = Enumerable.Range(1, rows).Select(i => new TrainingLogRow(i * 10, i * 0.5, 1e-3, -1 + 0.05 * i, -1 + 0.04 * i, 0.2 * i, 0.18 * i,
                0.1 * i / rows, Math.Min(i, 7) * 10)).ToList();
            TrainingLog.Write(Path.Combine(folder, Trainer.LogFile), log);
            if (!finished) continue;
            File.WriteAllBytes(Path.Combine(folder, TrainingCheckpoint.BestFile), [0]);
            File.WriteAllText(Path.Combine(folder, "summary.json"), """{"iterations":100,"best_iteration":70,"best_j_val":-0.72,"train_seconds":5,"stopped_by_time":false}""");
        }
        if (finished) File.WriteAllText(Path.Combine(Run, "summary.json"), """{"estimators":2,"best_iteration":[70,70],"sigma_val_mean":1.26}""");
        if (!withEstimate) return;

        Directory.CreateDirectory(Estimate);
        int steps = Frames - 1;
        var perStep = new float[K * Movies * steps];
        for (int i = 0; i < perStep.Length; i++) perStep[i] = (float)(ds[i % ds.Length] * 0.9 + 0.01 * rng.NextDouble());
        Npy.Write<float>(Path.Combine(Estimate, "delta_s.npy"), perStep, K, Movies, steps);   // n = 2: one step per window
        if (neep)
        {
            Npy.Write<double>(Path.Combine(Estimate, "entropy_rate_per_trajectory.npy"), [1.9, 2.0, 2.1, 1.8, 2.2, 2.0], K, Movies);
            File.WriteAllText(Path.Combine(Estimate, "summary.json"), JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["estimator"] = "neep", ["entropy_rate_estimate"] = 2.0, ["entropy_rate_estimate_std"] = 0.05, ["entropy_rate_per_estimator"] = new[] { 1.95, 2.05 },
                ["entropy_rate_true"] = 2.025, ["r2"] = 0.8, ["window"] = 2, ["dt"] = 0.01, ["estimators"] = K, ["trajectories"] = Movies,
                ["run"] = Path.GetFullPath(Run), ["trajectories_path"] = Path.Combine(Data, "trajectories.npy"),
            }));
            return;
        }
        var map = Enumerable.Range(0, MapH * MapW).Select(i => Math.Sin(i) * 0.1).ToArray();
        Npy.Write<double>(Path.Combine(Estimate, "map.npy"), map, MapH, MapW);
        Npy.Write<double>(Path.Combine(Estimate, "entropy_rate_per_movie.npy"), [1.9, 2.0, 2.1, 1.8, 2.2, 2.0], K, Movies);
        var summary = new CneepEstimate
        {
            EntropyRateEstimate = 2.0, EntropyRateEstimateStd = 0.05, EntropyRateEstimateStdKind = "std over estimators", EntropyRatePerEstimator = [1.95, 2.05],
            EntropyRateSpreadOverMovies = 0.1, EntropyRateTrue = 2.025, Ratio = 0.988, RatioStd = 0.02, R2 = 0.81, R2Std = 0.01, R2PerEstimator = [0.8, 0.82],
            ObjectiveJ = -0.7, BestIteration = [70, 70], TrainSeconds = 10, Estimators = K, Movies = Movies, Windows = Movies * steps, FramesPerInput = 2, Dt = 0.01,
            MapSum = map.Sum(), MapShape = [MapH, MapW], Bonds = [new BondSummary(0, 1, 1.9, 0.1, 0.05, 2.025, 1.9 / 2.025, 2.0, 0.06, 1.9 / 2.0, 20)],
            Run = Path.GetFullPath(Run), MoviesPath = Path.GetFullPath(Data),
        };
        File.WriteAllText(Path.Combine(Estimate, "summary.json"), JsonSerializer.Serialize(summary, CneepRunConfig.Json));
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
