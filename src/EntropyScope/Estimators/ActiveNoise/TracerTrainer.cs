using System.Diagnostics;
using EntropyScope.Tensors;
using EntropyScope.Tensors.Optim;

namespace EntropyScope.Estimators.ActiveNoise;

/// <summary>
/// Trains one <see cref="TracerNetwork"/> on trajectories simulated on the fly from the prior (estimators.md §5):
/// BCE-with-logits (classifiers) or MSE on the standardised ln-parameter (regressors), Adam, one fresh batch per
/// step with a log-uniformly drawn length, early stopping on a fixed validation set, best weights restored.
/// </summary>
public static class TracerTrainer
{
    public static (TracerNetwork Network, TracerTrainingSummary Summary) Train(TracerTask task, TracerTrainingOptions o, IProgressSink progress)
    {
        o.Validate();
        var features = TracerFeatures.ForPrior(o.Prior, o.Observation.Dt);
        var net = new TracerNetwork(o.Hidden, o.Dense, seed: (int)(o.Seed * 31 + (int)task), o.Pooling);
        var adam = new Adam(net.Store, o.LearningRate);
        var tape = new Tape();
        var validation = ValidationLengths(o)
            .Select((len, k) => TracerBatch.Generate(task, o.ValidationPerLength, len, o.Prior, o.Observation, features, seed: o.Seed * 1000 + 900 + k))
            .ToArray();
        var sw = Stopwatch.StartNew();
        double best = double.PositiveInfinity; int bestStep = 0, sinceBest = 0, step = 0;
        float[] bestValues = (float[])net.Store.Values.Clone();
        long seen = 0; bool early = false;
        var rng = new Random((int)(o.Seed * 7919 + (int)task));
        double logMin = Math.Log(o.MinLength), logMax = Math.Log(o.MaxLength);
        double budget = o.Minutes * 60;
        // prefetch the next batch on a worker while the network trains on this one
        Task<TracerBatch> NextBatch(int s)
        {
            int len = (int)Math.Round(Math.Exp(logMin + rng.NextDouble() * (logMax - logMin)));
            return Task.Run(() => TracerBatch.Generate(task, o.BatchSize, len, o.Prior, o.Observation, features, seed: o.Seed * 1_000_003 + s * 2 + 1));
        }
        var pending = NextBatch(0);
        while (step < o.MaxSteps && sw.Elapsed.TotalSeconds < budget)
        {
            var batch = pending.Result;
            pending = NextBatch(step + 1);
            tape.Reset();
            net.Store.ZeroGrad();
            var loss = Loss(tape, net, task, batch);
            tape.Backward(loss);
            adam.Step();
            step++; seen += batch.Count;
            if (step % o.EvaluateEvery == 0)
            {
                double v = Evaluate(tape, net, task, validation);
                if (v < best - 1e-5) { best = v; bestStep = step; sinceBest = 0; net.Store.Values.CopyTo(bestValues, 0); }
                else sinceBest++;
                progress.Report(Math.Min(1, sw.Elapsed.TotalSeconds / budget), $"{task.Name()} step {step}  val {v:F4}  best {best:F4}@{bestStep}");
                if (sinceBest >= o.Patience) { early = true; break; }
            }
        }
        if (double.IsPositiveInfinity(best)) { best = Evaluate(tape, net, task, validation); bestStep = step; }
        else bestValues.CopyTo(net.Store.Values, 0);
        IReadOnlyList<LengthResidual>? residuals = null;
        if (!task.IsClassifier())
        {
            var (_, half) = task.TargetScale(o.Prior);
            residuals = validation.Select(b =>
            {
                var pred = Predict(net, b.Features, b.Count, b.Length);
                double s2 = 0;
                for (int i = 0; i < b.Count; i++) s2 += Math.Pow((pred[i] - b.Targets[i]) * half, 2);
                return new LengthResidual(b.Length, Math.Sqrt(s2 / b.Count));
            }).ToList();
        }
        return (net, new TracerTrainingSummary
        {
            Task = task.Name(), Steps = step, Seconds = sw.Elapsed.TotalSeconds, Trajectories = seen,
            BestValidationLoss = best, BestStep = bestStep, StoppedEarly = early, Residuals = residuals,
        });
    }

    public static int[] ValidationLengths(TracerTrainingOptions o) =>
        new[] { o.MinLength, (int)Math.Round(Math.Sqrt((double)o.MinLength * o.MaxLength)), o.MaxLength }.Distinct().ToArray();

    private static Tensor Loss(Tape tape, TracerNetwork net, TracerTask task, TracerBatch b)
    {
        var x = Tensor.FromArray(b.Features, b.Count, b.Length, TracerFeatures.Count);
        var y = Tensor.FromArray(b.Targets, b.Count, 1);
        var output = net.Forward(tape, x);
        return task.IsClassifier() ? tape.BinaryCrossEntropyWithLogits(output, y) : tape.MseLoss(output, y);
    }

    private static double Evaluate(Tape tape, TracerNetwork net, TracerTask task, TracerBatch[] sets)
    {
        double sum = 0;
        foreach (var b in sets)
        {
            var pred = Predict(net, b.Features, b.Count, b.Length);
            double s = 0;
            for (int i = 0; i < b.Count; i++)
                s += task.IsClassifier() ? ExactActiveClassifier.LogLoss(pred[i], (int)b.Targets[i]) : Math.Pow(pred[i] - b.Targets[i], 2);
            sum += s / b.Count;
        }
        return sum / sets.Length;
    }

    /// <summary>Raw network outputs (logits or standardised ln-parameters) for <paramref name="count"/> sequences of one length, in chunks.</summary>
    public static double[] Predict(TracerNetwork net, float[] features, int count, int length, int chunk = 256)
    {
        var tape = new Tape { IsRecording = false };
        var result = new double[count];
        int stride = length * TracerFeatures.Count;
        for (int start = 0; start < count; start += chunk)
        {
            int n = Math.Min(chunk, count - start);
            tape.Reset();
            var x = Tensor.FromArray(features.AsSpan(start * stride, n * stride).ToArray(), n, length, TracerFeatures.Count);
            var y = net.Forward(tape, x).Data;
            for (int i = 0; i < n; i++) result[start + i] = y[i];
        }
        return result;
    }
}
