using System.Diagnostics;
using EntropyScope.Estimators.Training;
using EntropyScope.Tensors;
using EntropyScope.Tensors.Optim;

namespace EntropyScope.Estimators.ActiveNoise;

/// <summary>
/// Trains one <see cref="TracerNetwork"/> on trajectories simulated on the fly from the prior (estimators.md §5):
/// BCE-with-logits (classifiers) or MSE on the standardised ln-parameter (regressors), Adam, one fresh batch per
/// step with a log-uniformly drawn length, early stopping on a fixed validation set, best weights restored.
/// Recipe choices [assumed, configurable in <see cref="TracerTrainingOptions"/>]: gradients clipped to a global norm
/// (LSTMs over 2000 steps occasionally produce large gradients), the learning rate warmed up over the first 25 steps
/// and then decayed on a cosine to 5% by the end of the budget (progress = the larger of steps/max-steps and
/// elapsed/budget), so the last minutes average out the batch noise instead of jumping around the minimum.
/// </summary>
public static class TracerTrainer
{
    /// <param name="checkpointDirectory">When given, the training state is saved there atomically at validation steps,
    /// every <see cref="TracerTrainingOptions.CheckpointMinutes"/>, and a later call with the same folder and settings
    /// continues from it: the same batches, the same weights, the remaining budget.</param>
    public static (TracerNetwork Network, TracerTrainingSummary Summary) Train(TracerTask task, TracerTrainingOptions o, IProgressSink progress, string? checkpointDirectory = null)
    {
        o.Validate();
        var features = TracerFeatures.ForPrior(o.Prior, o.Observation.Dt);
        var net = TracerNetwork.For(task, o.Hidden, o.Dense, seed: (int)(o.Seed * 31 + (int)task), o.Pooling, o.FramesPerStep);
        var adam = new Adam(net.Store, o.LearningRate);
        var tape = new Tape();
        var inference = new Tape { IsRecording = false };
        var validation = ValidationLengths(o)
            .Select((len, k) => TracerBatch.Generate(task, o.ValidationPerLength, len, o.Prior, o.Observation, features, seed: o.Seed * 1000 + 900 + k))
            .ToArray();
        double best = double.PositiveInfinity; int bestStep = 0, sinceBest = 0, step = 0;
        float[] bestValues = (float[])net.Store.Values.Clone();
        double earlierSeconds = 0;
        if (checkpointDirectory != null && TrainingCheckpoint.ExistsIn(checkpointDirectory))
        {
            var state = TrainingCheckpoint.Load(checkpointDirectory, net.Store, adam, bestValues);
            (step, bestStep, best, earlierSeconds) = ((int)state.Iteration, (int)state.BestIteration, state.BestJ, state.TrainSeconds);
            sinceBest = (step - bestStep) / o.EvaluateEvery;   // checkpoints are written at validation steps only
            progress.Log($"{task.Name()}: resuming at step {step} ({earlierSeconds:F0} s trained; best validation loss {best:F4} at step {bestStep})");
        }
        var sw = Stopwatch.StartNew();
        double Elapsed() => earlierSeconds + sw.Elapsed.TotalSeconds;
        double lastCheckpoint = Elapsed();
        long seen = (long)step * o.BatchSize; bool early = false;
        double logMin = Math.Log(o.MinLength), logMax = Math.Log(o.MaxLength);
        double budget = o.Minutes * 60;
        // prefetch the next batch on a worker while the network trains on this one; the length and the trajectories
        // of step s depend on (seed, task, s) alone, so a resumed run sees the batches the uninterrupted one would
        Task<TracerBatch> NextBatch(int s)
        {
            var lengthRng = new Random(unchecked((int)(o.Seed * 7919 + (int)task * 104_729 + s * 2_654_435_761L)));
            int len = (int)Math.Round(Math.Exp(logMin + lengthRng.NextDouble() * (logMax - logMin)));
            return Task.Run(() => TracerBatch.Generate(task, o.BatchSize, len, o.Prior, o.Observation, features, seed: o.Seed * 1_000_003 + s * 2 + 1));
        }
        var pending = NextBatch(step);
        while (step < o.MaxSteps && Elapsed() < budget)
        {
            var batch = pending.Result;
            pending = NextBatch(step + 1);
            tape.Reset();
            net.Store.ZeroGrad();
            var loss = Loss(tape, net, task, batch);
            tape.Backward(loss);
            ClipGradientNorm(net.Store.Grads, o.ClipNorm);
            adam.LearningRate = LearningRate(o, step, Elapsed() / budget);
            adam.Step();
            step++; seen += batch.Count;
            if (step % o.EvaluateEvery == 0)
            {
                double v = Evaluate(inference, net, task, validation);
                if (v < best - 1e-5) { best = v; bestStep = step; sinceBest = 0; net.Store.Values.CopyTo(bestValues, 0); }
                else sinceBest++;
                progress.Report(Math.Min(1, Elapsed() / budget), $"{task.Name()} step {step}  val {v:F4}  best {best:F4}@{bestStep}");
                if (sinceBest >= o.Patience) { early = true; break; }
                if (checkpointDirectory != null && Elapsed() - lastCheckpoint >= o.CheckpointMinutes * 60)
                {
                    Directory.CreateDirectory(checkpointDirectory);
                    TrainingCheckpoint.Save(checkpointDirectory, net.Store, adam, bestValues, new(step, bestStep, best, Elapsed()));
                    lastCheckpoint = Elapsed();
                }
            }
        }
        if (double.IsPositiveInfinity(best)) { best = Evaluate(inference, net, task, validation); bestStep = step; }
        else bestValues.CopyTo(net.Store.Values, 0);
        IReadOnlyList<LengthResidual>? residuals = null;
        if (!task.IsClassifier())
        {
            var (_, half) = task.TargetScale(o.Prior);
            residuals = validation.Select(b =>
            {
                var pred = Predict(net, b.Inputs, inference);
                double s2 = 0;
                for (int i = 0; i < b.Count; i++) s2 += Math.Pow((pred[i] - b.Targets[i]) * half, 2);
                return new LengthResidual(b.Length, Math.Sqrt(s2 / b.Count));
            }).ToList();
        }
        return (net, new TracerTrainingSummary
        {
            Task = task.Name(), Steps = step, Seconds = Elapsed(), Trajectories = seen,
            BestValidationLoss = best, BestStep = bestStep, StoppedEarly = early, Residuals = residuals,
        });
    }

    public static int[] ValidationLengths(TracerTrainingOptions o) =>
        new[] { o.MinLength, (int)Math.Round(Math.Sqrt((double)o.MinLength * o.MaxLength)), o.MaxLength }.Distinct().ToArray();

    /// <summary>Linear warm-up over 25 steps, then cosine decay to 5% of the base rate at progress 1.</summary>
    public static float LearningRate(TracerTrainingOptions o, int step, double elapsedFraction)
    {
        if (!o.CosineDecay) return o.LearningRate;
        double progress = Math.Clamp(Math.Max(elapsedFraction, (double)step / o.MaxSteps), 0, 1);
        double warm = Math.Min(1, (step + 1) / 25.0);
        return (float)(o.LearningRate * warm * (0.05 + 0.95 * 0.5 * (1 + Math.Cos(Math.PI * progress))));
    }

    /// <summary>Rescales the gradient so its global L2 norm is at most <paramref name="maxNorm"/> (≤ 0: off).</summary>
    public static void ClipGradientNorm(Span<float> grads, double maxNorm)
    {
        if (!(maxNorm > 0)) return;
        double s = 0;
        foreach (float g in grads) s += (double)g * g;
        double norm = Math.Sqrt(s);
        if (norm <= maxNorm || !double.IsFinite(norm)) return;
        float scale = (float)(maxNorm / norm);
        for (int i = 0; i < grads.Length; i++) grads[i] *= scale;
    }

    private static Tensor Loss(Tape tape, TracerNetwork net, TracerTask task, TracerBatch b)
    {
        var y = Tensor.FromArray(b.Targets, b.Count, 1);
        var output = net.Forward(tape, b.Inputs);
        return task.IsClassifier() ? tape.BinaryCrossEntropyWithLogits(output, y) : tape.MseLoss(output, y);
    }

    private static double Evaluate(Tape inference, TracerNetwork net, TracerTask task, TracerBatch[] sets)
    {
        double sum = 0;
        foreach (var b in sets)
        {
            var pred = Predict(net, b.Inputs, inference);
            double s = 0;
            for (int i = 0; i < b.Count; i++)
                s += task.IsClassifier() ? ExactActiveClassifier.LogLoss(pred[i], (int)b.Targets[i]) : Math.Pow(pred[i] - b.Targets[i], 2);
            sum += s / b.Count;
        }
        return sum / sets.Length;
    }

    /// <summary>
    /// Time steps (trajectories × length) per inference chunk. A forward pass keeps ~11·H floats per step (input
    /// projections, gates, cells, hidden states), so this bounds it at ~0.2 GB for H = 32 whatever the length: chunks
    /// of a fixed 256 trajectories took ~3 GB per pass at 8000 frames, allocated afresh at every validation.
    /// </summary>
    public const int InferenceSteps = 1 << 17;

    /// <summary>
    /// Raw network outputs (logits or standardised ln-parameters) for trajectories of one length, in chunks of at most
    /// <see cref="InferenceSteps"/> time steps. Pass a non-recording <paramref name="tape"/> to reuse its buffers
    /// across calls (training validates every few dozen steps).
    /// </summary>
    public static double[] Predict(TracerNetwork net, TracerInputs inputs, Tape? tape = null)
    {
        tape ??= new Tape { IsRecording = false };
        int chunk = Math.Max(1, InferenceSteps / inputs.Length);
        var result = new double[inputs.Count];
        for (int start = 0; start < inputs.Count; start += chunk)
        {
            int n = Math.Min(chunk, inputs.Count - start);
            tape.Reset();
            var y = net.Forward(tape, start == 0 && n == inputs.Count ? inputs : inputs.Range(start, n)).Data;
            for (int i = 0; i < n; i++) result[start + i] = y[i];
        }
        return result;
    }
}
