using System.Text.Json;

namespace EntropyScope.Estimators.ActiveNoise;

/// <summary>
/// Trains every requested task into one model bundle, splitting the wall-clock budget by task weight.
/// Resumable: with a resume folder, each finished task's weights and summary are written there (atomically, file by
/// file) and a rerun with the same settings loads finished tasks instead of retraining them; the task in training
/// checkpoints into TASK.checkpoint/ there and continues from it.
/// </summary>
public static class TracerModelTraining
{
    private const string SettingsFile = "settings.json";

    /// <summary>
    /// Budget shares [assumed]: the ln D_a regressor is the slowest to approach its Bayes ceiling and gets the most;
    /// the passive/active classifier reaches the optimum's neighbourhood within minutes with the format-2 inputs.
    /// </summary>
    public static double Share(TracerTask t) => t switch
    {
        TracerTask.Active => 0.35,
        TracerTask.Rbp => 0.15,
        TracerTask.LogD => 0.1,
        _ => 0.4,
    };

    public static TracerModelBundle Train(IReadOnlyList<TracerTask> tasks, TracerTrainingOptions options, double totalMinutes, IProgressSink progress, string? resumeDirectory = null)
    {
        options.Validate();
        double shareSum = tasks.Sum(Share);
        var nets = new Dictionary<TracerTask, TracerNetwork>();
        var summaries = new Dictionary<string, TracerTrainingSummary>();
        string settings = Settings(options, totalMinutes, tasks);
        if (resumeDirectory != null) PrepareResume(resumeDirectory, settings, progress);
        double shareDone = 0;
        foreach (var task in tasks)
        {
            // the task's progress is reported as its segment of the whole budget
            var taskProgress = progress.Segment(shareDone / shareSum, Share(task) / shareSum);
            shareDone += Share(task);
            var o = options with { Minutes = totalMinutes * Share(task) / shareSum };
            if (resumeDirectory != null && TryLoadFinished(resumeDirectory, task, o) is { } done)
            {
                progress.Log($"{task.Name()}: resumed from {resumeDirectory} (trained earlier: {done.Summary.Steps} steps, {done.Summary.Seconds:F0} s)");
                nets[task] = done.Network; summaries[task.Name()] = done.Summary;
                continue;
            }
            progress.Log($"training {task.Name()} for up to {o.Minutes:F1} min (lengths {o.MinLength}..{o.MaxLength}, hidden {o.Hidden}, {o.FramesPerStep} frame(s) per LSTM step, batch {o.BatchSize})");
            string? checkpoint = resumeDirectory == null ? null : Path.Combine(resumeDirectory, task.Name() + ".checkpoint");
            var (net, summary) = TracerTrainer.Train(task, o, taskProgress, checkpoint);
            progress.Log($"{task.Name()}: {summary.Steps} steps, {summary.Trajectories} trajectories, {summary.Seconds:F0} s, best validation loss {summary.BestValidationLoss:F4} at step {summary.BestStep}{(summary.StoppedEarly ? " (early stop)" : "")}");
            nets[task] = net;
            summaries[task.Name()] = summary;
            if (resumeDirectory != null)
            {
                net.Save(Path.Combine(resumeDirectory, task.Name() + ".safetensors"));
                IO.AtomicOutput.WriteAllText(Path.Combine(resumeDirectory, task.Name() + ".summary.json"), JsonSerializer.Serialize(summary));
                if (Directory.Exists(checkpoint)) Directory.Delete(checkpoint, recursive: true);
            }
        }
        return new TracerModelBundle
        {
            Networks = nets,
            Config = new TracerModelConfig
            {
                Dt = options.Observation.Dt, Prior = options.Prior, Features = TracerFeatures.ForPrior(options.Prior, options.Observation.Dt),
                Hidden = options.Hidden, Dense = options.Dense, Pooling = options.Pooling == TracerPooling.Mean ? "mean" : "last", FramesPerStep = options.FramesPerStep, MinLength = options.MinLength, MaxLength = options.MaxLength,
                Seed = options.Seed, Tasks = summaries,
            },
        };
    }

    /// <summary>Everything that decides the trained weights; a resume folder made with other settings is discarded.</summary>
    private static string Settings(TracerTrainingOptions o, double minutes, IReadOnlyList<TracerTask> tasks) => JsonSerializer.Serialize(new
    {
        format_version = TracerModelConfig.CurrentFormatVersion, prior = o.Prior, dt = o.Observation.Dt, o.Hidden, o.Dense, pooling = o.Pooling.ToString(), frames_per_step = o.FramesPerStep,
        o.BatchSize, o.LearningRate, o.CosineDecay, o.ClipNorm, o.MinLength, o.MaxLength, o.MaxSteps, o.ValidationPerLength, o.EvaluateEvery, o.Patience, o.Seed,
        minutes, tasks = tasks.Select(t => t.Name()).ToArray(),
    });

    private static void PrepareResume(string dir, string settings, IProgressSink progress)
    {
        string file = Path.Combine(dir, SettingsFile);
        if (Directory.Exists(dir) && (!File.Exists(file) || File.ReadAllText(file) != settings))
        {
            progress.Log($"{dir}: left by a run with other settings, starting afresh");
            Directory.Delete(dir, recursive: true);
        }
        Directory.CreateDirectory(dir);
        if (!File.Exists(file)) IO.AtomicOutput.WriteAllText(file, settings);
    }

    private static (TracerNetwork Network, TracerTrainingSummary Summary)? TryLoadFinished(string dir, TracerTask task, TracerTrainingOptions o)
    {
        string weights = Path.Combine(dir, task.Name() + ".safetensors"), summaryFile = Path.Combine(dir, task.Name() + ".summary.json");
        if (!File.Exists(weights) || !File.Exists(summaryFile)) return null;
        var summary = JsonSerializer.Deserialize<TracerTrainingSummary>(File.ReadAllText(summaryFile));
        return summary == null ? null : (TracerNetwork.Load(weights, task, o.Hidden, o.Dense, o.Pooling, o.FramesPerStep), summary);
    }
}
