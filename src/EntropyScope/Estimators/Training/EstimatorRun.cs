using System.Text.Json;
using EntropyScope.IO;

namespace EntropyScope.Estimators.Training;

/// <summary>
/// One member of an ensemble (CNEEP, NEEP and RNEEP alike): trains estimator k into its folder with the shared
/// <see cref="Trainer"/> and writes its summary.json, or, when resuming a run in which it already finished, reads
/// its outcome back instead of training it again.
/// </summary>
public static class EstimatorRun
{
    private const string SummaryFile = "summary.json";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <param name="estimator">0-based index k of K = <paramref name="estimators"/>.</param>
    public static EstimatorOutcome TrainOrReload(IEntropyNetwork network, IWindowSource train, IWindowSource validation,
        TrainingOptions options, string folder, bool resume, IProgressSink progress, int estimator, int estimators)
    {
        string summaryPath = Path.Combine(folder, SummaryFile);
        string label = estimators > 1 ? $"[{estimator + 1}/{estimators}] " : "";
        TrainingOutcome outcome;
        if (resume && File.Exists(summaryPath))
        {
            progress.Log($"{label}already finished");
            var log = TrainingLog.Read(Path.Combine(folder, Trainer.LogFile));
            using var doc = JsonDocument.Parse(File.ReadAllText(summaryPath));
            var r = doc.RootElement;
            outcome = new TrainingOutcome(r.GetProperty("iterations").GetInt64(), r.GetProperty("best_iteration").GetInt64(),
                r.GetProperty("best_j_val").GetDouble(), r.GetProperty("train_seconds").GetDouble(), log, false);
        }
        else
        {
            outcome = new Trainer(network, train, validation, options, progress, label).Run(folder, resume);
            AtomicOutput.WriteAllText(summaryPath, JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["iterations"] = outcome.Iterations, ["best_iteration"] = outcome.BestIteration, ["best_j_val"] = outcome.BestJVal,
                ["train_seconds"] = Math.Round(outcome.TrainSeconds, 3), ["stopped_by_time"] = outcome.StoppedByTime,
            }, Json));
        }
        var bestRow = outcome.Log.LastOrDefault(r => r.Iteration == outcome.BestIteration) ?? outcome.Log[0];
        return new EstimatorOutcome(estimator + 1, outcome.Iterations, outcome.BestIteration, outcome.BestJVal, bestRow.SigmaVal, bestRow.R2Val, outcome.TrainSeconds);
    }
}
