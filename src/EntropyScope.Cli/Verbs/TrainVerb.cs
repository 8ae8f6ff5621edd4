using System.CommandLine;
using EntropyScope.Estimators.Cneep;
using EntropyScope.Estimators.Neep;
using EntropyScope.Estimators.Training;
using EntropyScope.Tensors.Kernels;

namespace EntropyScope.Cli.Verbs;

/// <summary>
/// `entropyscope train MOVIES --dt DT --out RUN`: CNEEP estimators by Algorithm 1 (docs/cneep.md);
/// `entropyscope train TRAJECTORIES --estimator neep|rneep --out RUN`: NEEP/RNEEP on trajectories (docs/neep.md).
/// </summary>
public static class TrainVerb
{
    public static Command Create()
    {
        var d = new TrainingOptions();
        var cmd = new Command("train", "Train entropy-production estimators: CNEEP on movies (NPY, TIFF stack or a folder of them), NEEP/RNEEP on trajectories (NPY, integer NPY, CSV).");
        var movies = new Argument<string>("DATA") { Description = "Movies: NPY (L,H,W)/(M,L,H,W), TIFF stack, or a folder (a simulation folder with movies.npy); or trajectories for neep/rneep: NPY (M,L,d), integer NPY (M,L), CSV, or a folder with trajectories.npy" };
        var dt = new Option<double?>("--dt") { Description = "Time between frames/steps (rates are per this unit); required for cneep; neep/rneep default: truth.json's dt beside the data, else 1" };
        var output = new Option<string>("--out") { Description = "Run folder to create (or continue with --resume)", Required = true };
        var frames = new Option<int>("--frames-per-input") { Description = "n consecutive frames per input (≥ 2)", DefaultValueFactory = _ => 2 };
        var channels = new Option<int>("--channels") { Description = "Width C of the network (Table I: 32 bead-spring, 128 filaments)", DefaultValueFactory = _ => 32 };
        var depth = new Option<int>("--depth") { Description = "n_layer blocks (2 = Table I)", DefaultValueFactory = _ => 2 };
        var lastBlockConvs = new Option<int>("--last-block-convs")
        {
            Description = "3×3 convolutions in the last block when --depth ≥ 3: 2 (each block as Table I's) or 1 (a receptive field of 43 px at depth 3 instead of 59; docs/cneep.md)",
            DefaultValueFactory = _ => 2,
        };
        var lastBlockFirstKernel = new Option<int>("--last-block-first-kernel")
        {
            Description = "Kernel (odd, 3–9) of the last block's first convolution: 3 is Table I; 5 widens depth 2's receptive field from 23 to 31 px on the same 4-px map grid (docs/cneep.md)",
            DefaultValueFactory = _ => 3,
        };
        var estimators = new Option<int>("--estimators") { Description = "K independently seeded estimators (figures become mean ± std)", DefaultValueFactory = _ => 1 };
        var iterations = new Option<long>("--iterations") { Description = "Adam steps per estimator", DefaultValueFactory = _ => d.Iterations };
        var batch = new Option<int>("--batch") { Description = "Windows per step", DefaultValueFactory = _ => d.Batch };
        var lr = new Option<double?>("--lr") { Description = $"Peak learning rate (default {CneepTrainRequest.DefaultTraining.LearningRate:G} for cneep, {d.LearningRate:G} for neep/rneep)" };
        var schedule = new Option<string>("--lr-schedule") { Description = "constant or cosine (decay to --final-lr-fraction of the peak)", DefaultValueFactory = _ => d.Schedule };
        var warmup = new Option<int>("--warmup") { Description = "Linear warm-up steps", DefaultValueFactory = _ => d.Warmup };
        var finalLr = new Option<double>("--final-lr-fraction") { Description = "Cosine schedule: final lr / peak lr", DefaultValueFactory = _ => d.FinalLearningRateFraction };
        var wd = new Option<double>("--weight-decay") { Description = "Coupled L2 weight decay (Adam)", DefaultValueFactory = _ => d.WeightDecay };
        var beta1 = new Option<double>("--beta1") { Description = "Adam β₁ (momentum)", DefaultValueFactory = _ => d.Beta1 };
        var average = new Option<double?>("--average")
        {
            Description = $"β of a moving average of the parameters that is validated and kept (Polyak averaging; 0 = off); default {CneepTrainRequest.DefaultTraining.ParameterAverage} for cneep, {d.ParameterAverage} for neep/rneep",
        };
        var evalEvery = new Option<int>("--eval-every") { Description = "Validation J on the held-out movies every this many steps", DefaultValueFactory = _ => d.EvalEvery };
        var validationShare = new Option<double?>("--max-validation-share")
        {
            Description = $"Validate on the --eval-every grid but only as often as keeps validation at most this share of the training time (0 = at every grid step); default {CneepTrainRequest.DefaultTraining.MaxValidationShare} for cneep, {d.MaxValidationShare} for neep/rneep",
        };
        var maxMinutes = new Option<double>("--max-minutes") { Description = "Wall-clock budget for the whole command (0 = none), shared equally by the estimators", DefaultValueFactory = _ => 0.0 };
        var ckpt = new Option<double>("--checkpoint-minutes") { Description = "Minutes between checkpoints", DefaultValueFactory = _ => d.CheckpointMinutes };
        var seed = new Option<int>("--seed") { Description = "Seed of the split, of estimator 1 (estimator k uses seed + k − 1) and of its batches", DefaultValueFactory = _ => 1 };
        var norm = new Option<string>("--normalisation") { Description = "all-pixels (scalar mean/std over training pixels) or first-frame (reference code)", DefaultValueFactory = _ => MovieNormalisation.AllPixels };
        var windowInput = new Option<string>("--window-input")
        {
            Description = "cneep: basis conv1 learns in — frames (the reference) or differences (frame-pair means and differences / their training RMS); same function class, docs/cneep.md",
            DefaultValueFactory = _ => WindowInputBasis.Frames,
        };
        var threads = new Option<int>("--threads") { Description = "Worker threads (default: all cores)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out from its last checkpoint" };
        var initFrom = new Option<string?>("--init-from")
        {
            Description = "cneep: start each estimator from θ* of this finished run (same network, or a wider --channels: widened without changing ΔS_θ; its normalisation, and its split on the same movies) with a new schedule — a warm restart or a fine-tune",
        };
        var json = new Option<bool>("--json") { Description = "Print the run summary as JSON on stdout" };
        // --- NEEP/RNEEP (docs/neep.md) ---
        var estimator = new Option<string>("--estimator") { Description = "cneep (movies), neep or rneep (trajectories); default: detected from DATA (docs/neep.md)" };
        var window = new Option<int?>("--window") { Description = "neep/rneep: states per window k (neep 2; rneep default 32)" };
        var hidden = new Option<int?>("--hidden") { Description = "neep/rneep: MLP width (default 256) or GRU hidden size (default 128)" };
        var layers = new Option<int?>("--layers") { Description = "neep/rneep: MLP hidden layers (default 3; 1 for discrete states) or GRU layers (default 1)" };
        var states = new Option<int?>("--states") { Description = "neep/rneep on discrete states: number of states n_token (default: largest state + 1)" };
        var noStandardise = new Option<bool>("--no-standardise") { Description = "neep/rneep: do not standardise coordinates per dimension with training mean/std" };
        var pairInput = new Option<string?>("--pair-input")
        {
            Description = "neep on continuous coordinates: states (default: the pair as it is) or increments (the same pair as midpoint and increment / its training std; docs/neep.md)",
        };
        cmd.Arguments.Add(movies);
        foreach (Option o in new Option[] { dt, output, frames, channels, depth, lastBlockConvs, lastBlockFirstKernel, estimators, iterations, batch, lr, schedule, warmup, finalLr, wd, beta1, average, evalEvery, validationShare, maxMinutes, ckpt, seed, norm, windowInput, threads, resume, initFrom, json, estimator, window, hidden, layers, states, noStandardise, pairInput })
            cmd.Options.Add(o);
        cmd.SetAction(p =>
        {
            if (p.GetValue(threads) < 1) throw new InputException($"--threads must be at least 1 (got {p.GetValue(threads)})");
            EngineThreads.Count = p.GetValue(threads);
            // The options as given, each unset one (--lr, --average) from the estimator's own defaults.
            TrainingOptions Training(TrainingOptions defaults) => defaults with
            {
                Iterations = p.GetValue(iterations), Batch = p.GetValue(batch), LearningRate = p.GetValue(lr) ?? defaults.LearningRate,
                Schedule = p.GetValue(schedule)!, Warmup = p.GetValue(warmup), FinalLearningRateFraction = p.GetValue(finalLr),
                WeightDecay = p.GetValue(wd), Beta1 = p.GetValue(beta1), ParameterAverage = p.GetValue(average) ?? defaults.ParameterAverage,
                EvalEvery = p.GetValue(evalEvery), MaxValidationShare = p.GetValue(validationShare) ?? defaults.MaxValidationShare, MaxMinutes = p.GetValue(maxMinutes), CheckpointMinutes = p.GetValue(ckpt), Seed = p.GetValue(seed),
            };
            string kind = DataKind.Resolve(p.GetValue(estimator), p.GetValue(movies)!, p.GetValue(resume) ? p.GetValue(output) : null);
            if (kind != "cneep" && p.GetValue(windowInput) != WindowInputBasis.Frames)
                throw new InputException("--window-input applies to cneep movies, not to neep/rneep trajectories (see --pair-input)");
            if (kind != "cneep")
                return TrainNeep(kind, p.GetValue(movies)!, p.GetValue(dt), p.GetValue(window), p.GetValue(hidden), p.GetValue(layers), p.GetValue(states),
                    !p.GetValue(noStandardise), p.GetValue(pairInput), p.GetValue(estimators), Training(d),
                    p.GetValue(output)!, p.GetValue(resume), p.GetValue(json));
            if (kind != "cneep" && p.GetValue(initFrom) != null) throw new InputException("--init-from applies to cneep movies, not to neep/rneep trajectories");
            if (p.GetValue(pairInput) != null) throw new InputException("--pair-input applies to neep on trajectories, not to cneep movies");
            CneepTrainRequest CneepRequest()
            {
                if (p.GetValue(dt) is not double frameDt) throw new InputException("--dt is required for cneep (time between frames)");
                return new CneepTrainRequest
                {
                    Movies = p.GetValue(movies)!, Dt = frameDt, FramesPerInput = p.GetValue(frames), Channels = p.GetValue(channels),
                    Depth = p.GetValue(depth), LastBlockConvs = p.GetValue(lastBlockConvs), LastBlockFirstKernel = p.GetValue(lastBlockFirstKernel), Estimators = p.GetValue(estimators), Normalisation = p.GetValue(norm)!,
                    WindowInput = p.GetValue(windowInput)!, InitFrom = p.GetValue(initFrom),
                    Training = Training(CneepTrainRequest.DefaultTraining) with { Dt = frameDt },
                };
            }
            string run = p.GetValue(output)!;
            var outcomes = p.GetValue(resume) && CneepTraining.CanResume(run)
                ? CneepTraining.Resume(run, new ConsoleProgress("train"))   // its config.json holds --dt and the rest
                : CneepTraining.Train(CneepRequest(), run, p.GetValue(resume), new ConsoleProgress("train"));
            foreach (var o in outcomes)
                Console.Error.WriteLine($"estimator {o.Estimator}: best iteration {o.BestIteration} of {o.Iterations}, J_val {o.BestJVal:F6}, σ̂_val {o.SigmaValAtBest:G5}" +
                                        (o.R2ValAtBest is double r2 ? $", R²_val {r2:F4}" : "") + $", {o.TrainSeconds:F0} s");
            Console.Error.WriteLine($"run folder: {Path.GetFullPath(run)}");
            if (p.GetValue(json)) Console.WriteLine(File.ReadAllText(Path.Combine(run, CneepTraining.SummaryFile)));
            return 0;
        });
        return cmd;
    }

    // --- NEEP/RNEEP on trajectories (docs/neep.md) ---
    private static int TrainNeep(string kind, string data, double? dt, int? window, int? hidden, int? layers, int? states,
        bool standardise, string? pairInput, int estimators, TrainingOptions training, string run, bool resume, bool json)
    {
        var request = new NeepTrainRequest
        {
            Trajectories = data, Kind = kind, Dt = dt, Window = window, Hidden = hidden, Layers = layers, States = states,
            Standardise = standardise, PairInput = pairInput, Estimators = estimators, Training = training,
        };
        var outcomes = NeepTraining.Train(request, run, resume, new ConsoleProgress("train"));
        foreach (var o in outcomes)
            Console.Error.WriteLine($"estimator {o.Estimator}: best iteration {o.BestIteration} of {o.Iterations}, J_val {o.BestJVal:F6}, σ̂_val {o.SigmaValAtBest:G5}" +
                                    (o.R2ValAtBest is double r2 ? $", R²_val {r2:F4}" : "") + $", {o.TrainSeconds:F0} s");
        if (NeepTraining.SummaryIsLowerBound(run)) Console.Error.WriteLine("note: " + NeepTraining.LowerBoundNote);
        Console.Error.WriteLine($"run folder: {Path.GetFullPath(run)}");
        if (json) Console.WriteLine(File.ReadAllText(Path.Combine(run, NeepTraining.SummaryFile)));
        return 0;
    }
}
