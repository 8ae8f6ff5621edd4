using System.Text.Json;
using EntropyScope.Tensors.Nn;

namespace EntropyScope.Estimators.Training;

/// <summary>What `estimate` reads back from a trained estimator's folder (written by CNEEP and NEEP/RNEEP training alike).</summary>
public static class EstimatorSummary
{
    /// <summary>Loads θ* of estimator k (0-based) from FOLDER into PARAMETERS; returns its best iteration (−1 when
    /// unrecorded) and its training seconds.</summary>
    public static (long BestIteration, double TrainSeconds) LoadBest(string folder, ParameterStore parameters, string summaryFile, int estimator)
    {
        string bestPath = Path.Combine(folder, TrainingCheckpoint.BestFile);
        if (!File.Exists(bestPath)) throw new InputException($"{bestPath}: missing (is the training of estimator {estimator + 1} finished?)");
        var meta = TrainingCheckpoint.LoadBest(bestPath, parameters);
        long best = meta.TryGetValue("best_iteration", out var b) && long.TryParse(b, out long bi) ? bi : -1;
        return (best, ReadTrainSeconds(folder, summaryFile));
    }

    /// <summary>Training wall time recorded in FOLDER/summaryFile, or 0 when the file is missing or unreadable (an unfinished run).</summary>
    public static double ReadTrainSeconds(string folder, string summaryFile)
    {
        string path = Path.Combine(folder, summaryFile);
        if (!File.Exists(path)) return 0;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            return doc.RootElement.TryGetProperty("train_seconds", out var s) ? s.GetDouble() : 0;
        }
        catch (JsonException) { return 0; }
    }
}
