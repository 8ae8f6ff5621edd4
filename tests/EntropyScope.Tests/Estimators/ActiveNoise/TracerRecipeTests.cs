using EntropyScope.Estimators.ActiveNoise;
using EntropyScope.Estimators.Training;
using EntropyScope.Models.Tracer;
using EntropyScope.Tensors;

namespace EntropyScope.Tests.Estimators.ActiveNoise;

/// <summary>The format-2 inputs, the evidence head, the learning-rate schedule, clipping and resume (finished tasks and mid-task checkpoints).</summary>
public class TracerRecipeTests
{
    private static readonly TracerFeatures Features = TracerFeatures.ForPrior(TracerPrior.Default, 0.05);

    [Fact]
    public void StepFeaturesAreUnitVarianceAndTheAmplitudeMovesOnlyTheSummary()
    {
        var rng = new Random(3);
        var x = new double[500];
        for (int t = 1; t < x.Length; t++) x[t] = 0.9 * x[t - 1] + Gaussian(rng);
        var scaled = x.Select(v => 7.5 * v).ToArray();
        var (s1, m1) = Encode(x);
        var (s2, m2) = Encode(scaled);
        for (int i = 0; i < s1.Length; i++) Assert.Equal(s1[i], s2[i], 4);
        Assert.Equal(1.0, Math.Sqrt(s1.Where((_, i) => i % 2 == 0).Average(v => (double)v * v)), 5);
        Assert.Equal(1.0, Math.Sqrt(s1.Where((_, i) => i % 2 == 1).Skip(1).Average(v => (double)v * v)), 5);
        Assert.Equal(Math.Log(7.5), m2[1] - m1[1], 4);
        Assert.Equal(Math.Log(7.5), m2[2] - m1[2], 4);
        Assert.Equal(m1[3], m2[3], 4);
        Assert.Equal(Math.Log(500) / Math.Log(1000), m1[0], 5);
    }

    [Fact]
    public void ExcessKurtosisIsNearZeroForGaussianAndNegativeForABoundedSignal()
    {
        var rng = new Random(5);
        var gauss = Enumerable.Range(0, 20000).Select(_ => Gaussian(rng)).ToArray();
        var bounded = Enumerable.Range(0, 20000).Select(t => Math.Cos(0.01 * t)).ToArray();
        Assert.InRange(Encode(gauss).Summary[3], -0.15, 0.15);
        Assert.InRange(Encode(bounded).Summary[3], -1.6, -1.4);   // arcsine law: 1.5 − 3
    }

    [Fact]
    public void EvidenceHeadScalesTheSecondOutputWithLength()
    {
        var net = TracerNetwork.For(TracerTask.Active, 4, 4, 1, TracerPooling.Mean);
        Assert.True(net.EvidenceHead);
        Assert.False(TracerNetwork.For(TracerTask.LogDa, 4, 4, 1, TracerPooling.Mean).EvidenceHead);
        // zero every weight except the fc2 bias (u, v) = (0.25, 2): logit = 0.25 + 2·T/1000 for any input
        foreach (var p in net.Store.Parameters) p.Value.Clear();
        var fc2Bias = net.Store.Parameters.Single(p => p.Name == "fc2.bias");
        fc2Bias.Value[0] = 0.25f; fc2Bias.Value[1] = 2f;
        foreach (int len in new[] { 100, 1500 })
        {
            var x = Enumerable.Range(0, 2 * len).Select(i => Math.Sin(i)).ToArray();
            var y = TracerTrainer.Predict(net, Features.Encode(x, 2, len));
            Assert.Equal(0.25 + 2.0 * len / 1000, y[0], 5);
        }
    }

    [Fact]
    public void PredictionsDoNotDependOnChunkingOrOnAReusedTape()
    {
        // 100 trajectories of 3000 steps are three inference chunks (43 trajectories each at 2^17 steps per chunk)
        const int count = 100, length = 3000;
        Assert.True(TracerTrainer.InferenceSteps / length < count);
        var net = TracerNetwork.For(TracerTask.LogDa, 4, 4, 2, TracerPooling.Mean);
        var rng = new Random(9);
        var x = Enumerable.Range(0, count * length).Select(_ => Gaussian(rng)).ToArray();
        var inputs = Features.Encode(x, count, length);
        var reused = new Tape { IsRecording = false };
        var chunked = TracerTrainer.Predict(net, inputs, reused);
        Assert.Equal(chunked, TracerTrainer.Predict(net, inputs, reused));
        foreach (int i in new[] { 0, 42, 43, 99 })
            Assert.Equal(chunked[i], TracerTrainer.Predict(net, inputs.Range(i, 1))[0], 5);
    }

    [Fact]
    public void FramesPerStepGroupsConsecutiveFramesAndLeavesTheFirstRemainderFramesOut()
    {
        var net = TracerNetwork.For(TracerTask.LogDa, 4, 4, 3, TracerPooling.Mean, framesPerStep: 4);
        Assert.Equal(4 * 2, net.Store.Parameters.Single(p => p.Name.EndsWith("weight_ih_l0", StringComparison.Ordinal)).Value.Length / (4 * 4));
        var rng = new Random(11);
        var x = Enumerable.Range(0, 10).Select(_ => Gaussian(rng)).ToArray();
        var ten = Features.Encode(x, 1, 10);
        // the same features without the first 10 mod 4 = 2 frames, same summary: the network must not see a difference
        var eight = TracerInputs.Allocate(1, 8);
        ten.Steps.AsSpan(2 * TracerFeatures.Count).CopyTo(eight.Steps);
        ten.Summary.CopyTo(eight.Summary, 0);
        double y10 = TracerTrainer.Predict(net, ten)[0];
        Assert.Equal(y10, TracerTrainer.Predict(net, eight)[0], 6);
        // ... while a change inside a kept frame does
        eight.Steps[5] += 1f;
        Assert.NotEqual(y10, TracerTrainer.Predict(net, eight)[0], 6);
        Assert.Throws<InputException>(() => TracerTrainer.Predict(net, Features.Encode(x.AsSpan(0, 3), 1, 3)));
        Assert.Throws<InputException>(() => new TracerTrainingOptions { MinLength = 20, FramesPerStep = 21 }.Validate());
    }

    [Fact]
    public void LearningRateWarmsUpThenDecaysOnACosineAndClippingBoundsTheNorm()
    {
        var o = new TracerTrainingOptions { LearningRate = 1f, MaxSteps = 1000 };
        Assert.Equal(1f / 25, TracerTrainer.LearningRate(o, 0, 0), 6);
        Assert.Equal(1f, TracerTrainer.LearningRate(o, 24, 0), 2);     // warm; the cosine has barely moved (progress 0.024)
        Assert.Equal(0.525f, TracerTrainer.LearningRate(o, 500, 0), 3);     // half way: 0.05 + 0.95/2
        Assert.Equal(0.525f, TracerTrainer.LearningRate(o, 30, 0.5), 3);    // the budget fraction counts too
        Assert.Equal(0.05f, TracerTrainer.LearningRate(o, 1000, 0), 4);
        Assert.Equal(1f, TracerTrainer.LearningRate(o with { CosineDecay = false }, 700, 0.9));
        var g = new float[] { 3, 4 };
        TracerTrainer.ClipGradientNorm(g, 1);
        Assert.Equal(0.6f, g[0], 5); Assert.Equal(0.8f, g[1], 5);
        var small = new float[] { 0.3f, 0.4f };
        TracerTrainer.ClipGradientNorm(small, 1);
        Assert.Equal(0.3f, small[0]);
    }

    [Fact]
    public void TrainingResumesFinishedTasksFromThePartialFolder()
    {
        var o = new TracerTrainingOptions { Hidden = 4, Dense = 4, BatchSize = 8, MinLength = 20, MaxLength = 30, MaxSteps = 3, EvaluateEvery = 1, ValidationPerLength = 8 };
        string dir = Path.Combine(Path.GetTempPath(), "es-tracer-resume-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var first = TracerModelTraining.Train([TracerTask.Active, TracerTask.LogDa], o, 0.2, ProgressSink.None, dir);
            Assert.True(File.Exists(Path.Combine(dir, "active.safetensors")) && File.Exists(Path.Combine(dir, "log_d_a.summary.json")));
            // an interruption after the first task: only its files are left
            File.Delete(Path.Combine(dir, "log_d_a.safetensors"));
            var second = TracerModelTraining.Train([TracerTask.Active, TracerTask.LogDa], o, 0.2, ProgressSink.None, dir);
            Assert.Equal(first.Networks[TracerTask.Active].Store.Values, second.Networks[TracerTask.Active].Store.Values);
            Assert.Equal(first.Config.Tasks["active"].Seconds, second.Config.Tasks["active"].Seconds);
            // other settings: the folder is discarded and everything retrained
            var third = TracerModelTraining.Train([TracerTask.Active], o with { Seed = 9 }, 0.2, ProgressSink.None, dir);
            Assert.NotEqual(first.Networks[TracerTask.Active].Store.Values, third.Networks[TracerTask.Active].Store.Values);
            Assert.False(File.Exists(Path.Combine(dir, "log_d_a.summary.json")));
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }

    [Fact]
    public void TrainingKilledMidTaskResumesFromItsCheckpointWithTheSameWeights()
    {
        // constant learning rate: the cosine's progress includes wall time, which differs between runs
        var o = new TracerTrainingOptions
        {
            Hidden = 4, Dense = 4, BatchSize = 8, MinLength = 20, MaxLength = 40, EvaluateEvery = 2, ValidationPerLength = 8,
            CosineDecay = false, CheckpointMinutes = 0, Minutes = 5, MaxSteps = 8,
        };
        string whole = Path.Combine(Path.GetTempPath(), "es-tracer-whole-" + Guid.NewGuid().ToString("N")[..8]);
        string killed = Path.Combine(Path.GetTempPath(), "es-tracer-killed-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var (uninterrupted, full) = TracerTrainer.Train(TracerTask.LogDa, o, ProgressSink.None, whole);
            // killed while reporting step 6: the checkpoint of step 4 is what is left
            Assert.Throws<OperationCanceledException>(() => TracerTrainer.Train(TracerTask.LogDa, o, new KillAtStep(6), killed));
            var log = new KillAtStep(int.MaxValue);
            var (resumed, rest) = TracerTrainer.Train(TracerTask.LogDa, o, log, killed);
            Assert.Contains(log.Lines, l => l.Contains("resuming at step 4", StringComparison.Ordinal));
            Assert.Equal(uninterrupted.Store.Values, resumed.Store.Values);
            Assert.Equal((full.Steps, full.BestStep, full.BestValidationLoss, full.Trajectories), (rest.Steps, rest.BestStep, rest.BestValidationLoss, rest.Trajectories));
        }
        finally
        {
            foreach (var d in new[] { whole, killed }) if (Directory.Exists(d)) Directory.Delete(d, true);
        }
    }

    [Fact]
    public void EachTaskReportsItsProgressAsItsSegmentOfTheWholeBudget()
    {
        var o = new TracerTrainingOptions { Hidden = 4, Dense = 4, BatchSize = 8, MinLength = 20, MaxLength = 30, MaxSteps = 4, EvaluateEvery = 1, ValidationPerLength = 8 };
        var sink = new Recording();
        TracerModelTraining.Train([TracerTask.Active, TracerTask.LogDa], o, 0.2, sink);
        double split = 0.35 / (0.35 + 0.4);   // the budget shares of active and log_d_a
        var active = sink.Reports.Where(r => r.Status.StartsWith("active ", StringComparison.Ordinal)).Select(r => r.Fraction).ToList();
        var logDa = sink.Reports.Where(r => r.Status.StartsWith("log_d_a ", StringComparison.Ordinal)).Select(r => r.Fraction).ToList();
        Assert.NotEmpty(active); Assert.NotEmpty(logDa);
        Assert.All(active, f => Assert.InRange(f, 0, split + 1e-12));
        Assert.All(logDa, f => Assert.InRange(f, split - 1e-12, 1));
    }

    private sealed class Recording : IProgressSink
    {
        public List<(double Fraction, string Status)> Reports { get; } = [];
        public void Report(double fraction, string status) => Reports.Add((fraction, status));
        public void Log(string line) { }
    }

    /// <summary>Throws (a kill) when the trainer reports the given step; keeps the log lines.</summary>
    private sealed class KillAtStep(int step) : IProgressSink
    {
        public List<string> Lines { get; } = [];
        public void Report(double fraction, string status)
        {
            if (status.Contains($" step {step} ", StringComparison.Ordinal)) throw new OperationCanceledException("killed");
        }
        public void Log(string line) => Lines.Add(line);
    }

    private static (float[] Steps, float[] Summary) Encode(double[] x)
    {
        var r = Features.Encode(x, 1, x.Length);
        return (r.Steps, r.Summary);
    }

    private static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
