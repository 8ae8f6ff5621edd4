using EntropyScope.Estimators.ActiveNoise;
using EntropyScope.Models.Tracer;

namespace EntropyScope.Tests.Estimators.ActiveNoise;

public class TracerTrainerTests
{
    /// <summary>A prior where passive and active are well separated, so a few seconds of training must show.</summary>
    private static readonly TracerPrior EasyPrior = new() { DMin = 0.5, DMax = 1, DaMin = 3, DaMax = 10, TauMin = 0.5, TauMax = 2 };

    [Fact]
    public void SmallLstmClassifierBeatsChanceOnHeldOutTrajectories()
    {
        var o = new TracerTrainingOptions
        {
            Prior = EasyPrior, Hidden = 16, Dense = 16, BatchSize = 64, MinLength = 100, MaxLength = 200,
            // step-bound (deterministic) unless the machine is very loaded
            Minutes = 2, MaxSteps = 150, EvaluateEvery = 25, ValidationPerLength = 64, LearningRate = 3e-3f, Seed = 2,
        };
        var (net, summary) = TracerTrainer.Train(TracerTask.Active, o, ProgressSink.None);
        var test = TracerBatch.Generate(TracerTask.Active, 256, 150, EasyPrior, o.Observation, TracerFeatures.ForPrior(EasyPrior, o.Observation.Dt), seed: 424242);
        var logits = TracerTrainer.Predict(net, test.Inputs);
        var score = OptimalLogLoss.Score(logits, test.Targets.Select(t => (int)t).ToArray(), test.Length);
        Assert.True(score.Accuracy > 0.75 && score.LogLoss < 0.55,
            $"held-out accuracy {score.Accuracy:F3}, log-loss {score.LogLoss:F3} after {summary.Steps} steps ({summary.Seconds:F1} s)");
    }

    [Fact]
    public void ModelBundleRoundTripsAndRejectsOtherFormatVersions()
    {
        var o = new TracerTrainingOptions { Hidden = 4, Dense = 4, BatchSize = 8, MinLength = 20, MaxLength = 30, MaxSteps = 2, EvaluateEvery = 1, ValidationPerLength = 8, FramesPerStep = 3 };
        var bundle = TracerModelTraining.Train([TracerTask.Active, TracerTask.LogDa], o, 0.2, ProgressSink.None);
        string dir = Path.Combine(Path.GetTempPath(), "es-tracer-bundle-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            bundle.Save(dir);
            var back = TracerModelBundle.Load(dir);
            Assert.Equal(bundle.Networks[TracerTask.Active].Store.Values, back.Networks[TracerTask.Active].Store.Values);
            Assert.Equal(2, back.Networks.Count);
            Assert.Equal(3, back.Config.FramesPerStep);
            var probe = TracerFeatures.ForPrior(o.Prior, o.Observation.Dt).Encode(Enumerable.Range(0, 25).Select(i => Math.Sin(0.3 * i)).ToArray(), 1, 25);
            Assert.Equal(TracerTrainer.Predict(bundle.Networks[TracerTask.LogDa], probe), TracerTrainer.Predict(back.Networks[TracerTask.LogDa], probe));
            string cfg = Path.Combine(dir, TracerModelBundle.ConfigFile);
            File.WriteAllText(cfg, File.ReadAllText(cfg).Replace($"\"format_version\": {TracerModelConfig.CurrentFormatVersion}", "\"format_version\": 99"));
            var e = Assert.Throws<InputException>(() => TracerModelBundle.Load(dir));
            Assert.Contains("format version 99", e.Message);
        }
        finally { Directory.Delete(dir, true); }
    }
}
