using System.CommandLine;
using EntropyScope.Estimators.ActiveNoise;
using EntropyScope.Models.Tracer;

namespace EntropyScope.Cli.Verbs;

/// <summary>`entropyscope train-classifier`: trains the tracer LSTMs (passive/active, AOUP/RBP, ln D, ln D_a) on simulated data.</summary>
public static class TrainClassifierVerb
{
    public static Command Create()
    {
        var cmd = new Command("train-classifier", "Train the trapped-tracer LSTM classifiers and regressors on trajectories simulated from the prior.");
        var lengths = new Option<string>("--lengths") { Description = "Training lengths MIN..MAX (each batch draws one log-uniformly)", DefaultValueFactory = _ => "50..2000" };
        var minutes = new Option<double>("--minutes") { Description = "Total wall-clock budget, split over the tasks (active 35%, rbp 15%, log_d 10%, log_d_a 40%)", DefaultValueFactory = _ => 15 };
        var tasks = new Option<string>("--tasks") { Description = "Comma-separated tasks: active, rbp, log_d, log_d_a", DefaultValueFactory = _ => "active,rbp,log_d,log_d_a" };
        var hidden = new Option<int>("--hidden") { Description = "LSTM hidden size", DefaultValueFactory = _ => 64 };
        var pooling = new Option<string>("--pooling") { Description = "How LSTM states feed the dense layers: mean (over time) or last", DefaultValueFactory = _ => "mean" };
        var framesPerStep = new Option<int>("--frames-per-step") { Description = "Consecutive frames the LSTM reads per recurrent step (k > 1: T/k steps, faster on long trajectories)", DefaultValueFactory = _ => 1 };
        var batch = new Option<int>("--batch") { Description = "Trajectories per training step", DefaultValueFactory = _ => 64 };
        var lr = new Option<float>("--lr") { Description = "Adam learning rate", DefaultValueFactory = _ => 3e-3f };
        var schedule = new Option<string>("--lr-schedule") { Description = "cosine (warm-up, then decay to 5% over the budget) or constant", DefaultValueFactory = _ => "cosine" };
        var clip = new Option<double>("--clip-norm") { Description = "Clip the global gradient norm to this value (0: off)", DefaultValueFactory = _ => 1.0 };
        var dt = new Option<double>("--dt") { Description = "Frame interval of the training (and classified) trajectories", DefaultValueFactory = _ => 0.05 };
        var patience = new Option<int>("--patience") { Description = "Early stopping: validation checks (every 50 steps) without improvement", DefaultValueFactory = _ => 30 };
        var maxSteps = new Option<int>("--max-steps") { Description = "Stop each task after this many steps (for fixed-work timing; the budget still applies)", DefaultValueFactory = _ => 1_000_000 };
        var seed = new Option<long>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 1 };
        var outDir = new Option<string>("--out") { Description = "Model folder to write (tracer-model.json + TASK.safetensors)", Required = true };
        foreach (var o in new Option[] { lengths, minutes, tasks, hidden, pooling, framesPerStep, batch, lr, schedule, clip, dt, patience, maxSteps, seed, outDir }) cmd.Options.Add(o);
        cmd.SetAction(r =>
        {
            var (lo, hi) = ParseLengths(r.GetValue(lengths)!);
            if (r.GetValue(maxSteps) < 1) throw new InputException($"--max-steps: must be >= 1, got {r.GetValue(maxSteps)}");
            bool cosine = r.GetValue(schedule) switch
            {
                "cosine" => true,
                "constant" => false,
                var other => throw new InputException($"--lr-schedule: expected cosine or constant, got '{other}'"),
            };
            if (!(r.GetValue(clip) >= 0)) throw new InputException($"--clip-norm: must be >= 0, got {r.GetValue(clip)}");
            var taskList = r.GetValue(tasks)!.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(TracerTaskInfo.Parse).Distinct().ToList();
            var options = new TracerTrainingOptions
            {
                Observation = new TracerObservation { Dt = r.GetValue(dt) },
                Hidden = r.GetValue(hidden), Pooling = TracerModelBundle.ParsePooling(r.GetValue(pooling)!, "--pooling"), FramesPerStep = r.GetValue(framesPerStep), BatchSize = r.GetValue(batch), LearningRate = r.GetValue(lr), CosineDecay = cosine, ClipNorm = r.GetValue(clip),
                MinLength = lo, MaxLength = hi, Patience = r.GetValue(patience), MaxSteps = r.GetValue(maxSteps), Seed = r.GetValue(seed), Minutes = r.GetValue(minutes),
            };
            // finished tasks and the checkpoint of the task in training are kept in OUT.partial/: rerunning the same
            // command after an interruption continues where it stopped
            string output = Path.GetFullPath(r.GetValue(outDir)!);
            string partial = output.TrimEnd(Path.DirectorySeparatorChar) + ".partial";
            var bundle = TracerModelTraining.Train(taskList, options, r.GetValue(minutes), new ConsoleProgress("train-classifier"), partial);
            bundle.Save(output);
            Directory.Delete(partial, recursive: true);
            Console.Error.WriteLine($"training time {bundle.Config.Tasks.Values.Sum(t => t.Seconds):F0} s ({string.Join(", ", bundle.Config.Tasks.Values.Select(t => $"{t.Task} {t.Seconds:F0} s"))})");
            Console.Error.WriteLine($"wrote {r.GetValue(outDir)}");
            return 0;
        });
        return cmd;
    }

    internal static (int Min, int Max) ParseLengths(string text)
    {
        var parts = text.Split(["..", ","], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length is < 1 or > 2 || !parts.All(p => int.TryParse(p, out _)))
            throw new InputException($"--lengths: expected MIN..MAX (e.g. 50..2000), got '{text}'");
        int a = int.Parse(parts[0]), b = int.Parse(parts[^1]);
        if (a < 10 || b < a) throw new InputException($"--lengths: need 10 <= MIN <= MAX, got '{text}'");
        return (a, b);
    }
}
