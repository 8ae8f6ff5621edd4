using System.Text.Json;

namespace EntropyScope.Estimators.Training;

/// <summary>What `estimate` reads back from a trained estimator's folder (written by CNEEP and NEEP/RNEEP training alike).</summary>
public static class EstimatorSummary
{
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
