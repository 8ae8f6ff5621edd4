using System.Diagnostics;
using EntropyScope.Tensors.Optim;

namespace EntropyScope.Estimators.Training;

/// <summary>What one trained estimator leaves behind (θ* is loaded into the network on return).</summary>
public sealed record TrainingOutcome(long Iterations, long BestIteration, double BestJVal, double TrainSeconds,
    IReadOnlyList<TrainingLogRow> Log, bool StoppedByTime);

/// <summary>
/// Algorithm 1 of the CNEEP paper (estimators.md §2) for any <see cref="IEntropyNetwork"/>: i.i.d. windows, Adam on
/// the loss ⟨−ΔS_θ + e^{−ΔS_θ}⟩, validation J on held-out whole sequences every EvalEvery iterations (or, with
/// MaxValidationShare, on that grid but only as often as keeps validation a bounded share of the time), θ* = best J_val.
/// With ParameterAverage β > 0 the validated (and kept) parameters are an exponential moving average of the iterates
/// (Polyak averaging), with the usual warm start min(β, (1 + t)/(10 + t)) so the first steps do not drag the
/// initialisation along. Writes train_log.csv and an atomic checkpoint (every CheckpointMinutes and at the end) into
/// its folder; <c>resume</c> continues bit-for-bit from the last checkpoint (batches are seeded per iteration).
/// </summary>
public sealed class Trainer
{
    public const string LogFile = "train_log.csv";

    private readonly IEntropyNetwork _net;
    private readonly IWindowSource _train, _validation;
    private readonly TrainingOptions _o;
    private readonly IProgressSink _progress;
    private readonly string _label;

    public Trainer(IEntropyNetwork network, IWindowSource train, IWindowSource validation, TrainingOptions options, IProgressSink progress, string label = "")
    {
        options.Validate();
        _net = network;
        _train = train;
        _validation = validation;
        _o = options;
        _progress = progress;
        _label = label;
    }

    public TrainingOutcome Run(string directory, bool resume)
    {
        Directory.CreateDirectory(directory);
        var store = _net.Parameters;
        var adam = new Adam(store, (float)_o.LearningRate, beta1: (float)_o.Beta1, weightDecay: (float)_o.WeightDecay);
        var schedule = _o.LearningRateSchedule;
        var sampler = new WindowSampler(_train, _net.WindowLength);
        int perWindow = _net.WindowLength * _net.ItemSize;
        var batchBuffer = new float[(long)Math.Max(_o.Batch, _net.MaxBatch) * perWindow];
        var deltaS = new float[_o.Batch];
        var best = (float[])store.Values.Clone();
        var average = _o.ParameterAverage > 0 ? (float[])store.Values.Clone() : null;
        var raw = average != null ? new float[store.Count] : null;   // the iterate, parked while the average is validated
        string logPath = Path.Combine(directory, LogFile);
        List<TrainingLogRow> log;
        TrainingCheckpoint.State state;
        bool resumed = resume && TrainingCheckpoint.ExistsIn(directory);
        if (resumed)
        {
            state = TrainingCheckpoint.Load(directory, store, adam, best, average);
            log = TrainingLog.Read(logPath).Where(r => r.Iteration <= state.Iteration).ToList();
            _progress.Log($"{_label}resuming at iteration {state.Iteration} (best so far: iteration {state.BestIteration}, J_val {state.BestJ:F6})");
        }
        else
        {
            var v0 = Validate(batchBuffer, average, raw);
            state = new TrainingCheckpoint.State(0, 0, v0.Objective, 0);
            log = [new TrainingLogRow(0, 0, schedule.At(0), double.NaN, v0.Objective, double.NaN, v0.Rate, v0.RSquared, 0)];
            TrainingLog.Write(logPath, log);
        }

        long iteration = state.Iteration, bestIteration = state.BestIteration;
        double bestJ = state.BestJ, secondsBefore = state.TrainSeconds;
        var clock = Stopwatch.StartNew();
        double lastCheckpoint = secondsBefore, maxSeconds = _o.MaxMinutes * 60;
        double jSum = 0, dsSum = 0;
        long sinceEval = 0, lastValidated = iteration, interval = _o.EvalEvery;
        double lastValidationEnd = 0;   // clock seconds
        bool stoppedByTime = false;
        double Elapsed() => secondsBefore + clock.Elapsed.TotalSeconds;
        int steps = _net.WindowLength - 1;

        while (iteration < _o.Iterations)
        {
            if (maxSeconds > 0 && Elapsed() >= maxSeconds) { stoppedByTime = true; break; }
            sampler.Fill(_o.Seed, iteration, _o.Batch, batchBuffer);
            store.ZeroGrad();
            _net.AccumulateGradient(batchBuffer.AsSpan(0, _o.Batch * perWindow), _o.Batch, deltaS);
            foreach (float d in deltaS) { jSum += EntropyObjective.Term(d); dsSum += d; }
            sinceEval += _o.Batch;
            adam.LearningRate = schedule.At(iteration, maxSeconds > 0 ? Elapsed() / maxSeconds : 0);
            adam.Step();
            if (average != null)
            {
                float decay = (float)Math.Min(_o.ParameterAverage, (1.0 + iteration) / (10.0 + iteration));
                var values = store.Values;
                for (int i = 0; i < average.Length; i++) average[i] += (1 - decay) * (values[i] - average[i]);
            }
            iteration++;

            if ((iteration % _o.EvalEvery == 0 && iteration - lastValidated >= interval) || iteration == _o.Iterations)
            {
                double validationStart = clock.Elapsed.TotalSeconds;
                var v = Validate(batchBuffer, average, raw);
                double validationSeconds = clock.Elapsed.TotalSeconds - validationStart;
                if (_o.MaxValidationShare > 0)
                {
                    double stepSeconds = (validationStart - lastValidationEnd) / (iteration - lastValidated);
                    long next = ValidationInterval(_o.EvalEvery, _o.MaxValidationShare, validationSeconds, stepSeconds);
                    if (next != interval)
                        _progress.Log($"{_label}a validation takes {validationSeconds:F1} s, a step {stepSeconds:F3} s: validating every {next} steps " +
                                      $"(at most {_o.MaxValidationShare:P0} of the time)");
                    interval = next;
                }
                lastValidated = iteration;
                if (v.Objective > bestJ) { bestJ = v.Objective; bestIteration = iteration; (average ?? store.Values).CopyTo(best, 0); }
                log.Add(new TrainingLogRow(iteration, Elapsed(), adam.LearningRate, jSum / sinceEval, v.Objective,
                    dsSum / sinceEval / (steps * _o.Dt), v.Rate, v.RSquared, bestIteration));
                jSum = dsSum = 0;
                sinceEval = 0;
                TrainingLog.Write(logPath, log);
                var row = log[^1];
                _progress.Log($"{_label}iter {iteration}  J_train {row.JTrain:F5}  J_val {row.JVal:F5}  σ̂_val {row.SigmaVal:G4}" +
                              (row.R2Val is double r2 ? $"  R²_val {r2:F3}" : "") + $"  best {bestIteration}");
                if (Elapsed() - lastCheckpoint >= _o.CheckpointMinutes * 60 || iteration == _o.Iterations)
                {
                    TrainingCheckpoint.Save(directory, store, adam, best, new(iteration, bestIteration, bestJ, Elapsed()), average);
                    lastCheckpoint = Elapsed();
                }
                lastValidationEnd = clock.Elapsed.TotalSeconds;
            }
            ReportProgress(iteration, Elapsed(), maxSeconds, log[^1]);
        }

        // final validation point when training stopped between evaluations (time budget)
        if (log[^1].Iteration != iteration)
        {
            var v = Validate(batchBuffer, average, raw);
            if (v.Objective > bestJ) { bestJ = v.Objective; bestIteration = iteration; (average ?? store.Values).CopyTo(best, 0); }
            log.Add(new TrainingLogRow(iteration, Elapsed(), adam.LearningRate, sinceEval > 0 ? jSum / sinceEval : double.NaN, v.Objective,
                sinceEval > 0 ? dsSum / sinceEval / (steps * _o.Dt) : double.NaN, v.Rate, v.RSquared, bestIteration));
            TrainingLog.Write(logPath, log);
        }
        double seconds = Elapsed();
        TrainingCheckpoint.Save(directory, store, adam, best, new(iteration, bestIteration, bestJ, seconds), average);
        best.CopyTo(store.Values, 0);   // θ* is what everything downstream uses
        return new TrainingOutcome(iteration, bestIteration, bestJ, seconds, log, stoppedByTime);
    }

    /// <summary>
    /// Steps between validations so that one validation (<paramref name="validationSeconds"/>) costs at most
    /// <paramref name="share"/> of the steps before it: the smallest multiple of <paramref name="evalEvery"/> with
    /// validationSeconds ≤ share · interval · stepSeconds. At 60×60 frames a validation over ten movies takes as long as
    /// ~100 steps, so a fixed 250-step interval spends a third of a time budget validating (bench/cneep/README.md).
    /// </summary>
    public static long ValidationInterval(int evalEvery, double share, double validationSeconds, double stepSeconds)
    {
        if (!(share > 0) || !(stepSeconds > 0) || !(validationSeconds > 0)) return evalEvery;
        double needed = validationSeconds / (share * stepSeconds);
        return (long)Math.Max(1, Math.Ceiling(needed / evalEvery)) * evalEvery;
    }

    /// <summary>J, σ̂ and R² on the validation sequences, of the parameter average when there is one (the iterate is parked in <paramref name="raw"/> meanwhile).</summary>
    private EntropyRateEstimate Validate(float[] buffer, float[]? average, float[]? raw)
    {
        var values = _net.Parameters.Values;
        if (average != null) { values.CopyTo(raw!, 0); average.CopyTo(values, 0); }
        try { return EntropyRateEstimate.From(EvaluationWindows.Evaluate(_net, _validation, buffer), _validation, _net.WindowLength, _o.Dt); }
        finally { if (average != null) raw!.CopyTo(values, 0); }
    }

    private void ReportProgress(long iteration, double elapsed, double maxSeconds, TrainingLogRow last)
    {
        double fIter = (double)iteration / Math.Max(1, _o.Iterations);
        double fTime = maxSeconds > 0 ? elapsed / maxSeconds : 0;
        double f = Math.Clamp(Math.Max(fIter, fTime), 0, 1);
        // the sink adds the ETA from the fraction (iterations or time budget, whichever is further along)
        string jTrain = double.IsNaN(last.JTrain) ? "–" : last.JTrain.ToString("F4", System.Globalization.CultureInfo.InvariantCulture);
        _progress.Report(f, $"{_label}iter {iteration}/{_o.Iterations}  J_train {jTrain}  J_val {last.JVal:F4}  σ̂_val {last.SigmaVal:G4}");
    }
}
