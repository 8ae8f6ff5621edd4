namespace EntropyScope.Estimators.ActiveNoise;

/// <summary>Trains every requested task into one model bundle, splitting the wall-clock budget by task weight.</summary>
public static class TracerModelTraining
{
    /// <summary>Budget shares [assumed]: the passive/active classifier gets the most (its log-loss is the headline figure).</summary>
    public static double Share(TracerTask t) => t switch
    {
        TracerTask.Active => 0.5,
        TracerTask.Rbp => 0.15,
        TracerTask.LogD => 0.1,
        _ => 0.25,
    };

    public static TracerModelBundle Train(IReadOnlyList<TracerTask> tasks, TracerTrainingOptions options, double totalMinutes, IProgressSink progress)
    {
        options.Validate();
        double shareSum = tasks.Sum(Share);
        var nets = new Dictionary<TracerTask, TracerNetwork>();
        var summaries = new Dictionary<string, TracerTrainingSummary>();
        foreach (var task in tasks)
        {
            var o = options with { Minutes = totalMinutes * Share(task) / shareSum };
            progress.Log($"training {task.Name()} for up to {o.Minutes:F1} min (lengths {o.MinLength}..{o.MaxLength}, hidden {o.Hidden}, batch {o.BatchSize})");
            var (net, summary) = TracerTrainer.Train(task, o, progress);
            progress.Log($"{task.Name()}: {summary.Steps} steps, {summary.Trajectories} trajectories, {summary.Seconds:F0} s, best validation loss {summary.BestValidationLoss:F4} at step {summary.BestStep}{(summary.StoppedEarly ? " (early stop)" : "")}");
            nets[task] = net;
            summaries[task.Name()] = summary;
        }
        return new TracerModelBundle
        {
            Networks = nets,
            Config = new TracerModelConfig
            {
                Dt = options.Observation.Dt, Prior = options.Prior, Features = TracerFeatures.ForPrior(options.Prior, options.Observation.Dt),
                Hidden = options.Hidden, Dense = options.Dense, Pooling = options.Pooling == TracerPooling.Mean ? "mean" : "last", MinLength = options.MinLength, MaxLength = options.MaxLength,
                Seed = options.Seed, Tasks = summaries,
            },
        };
    }
}
