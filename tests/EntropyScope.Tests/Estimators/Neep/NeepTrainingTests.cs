using System.Diagnostics;
using EntropyScope.Estimators.Neep;
using EntropyScope.Estimators.Training;
using EntropyScope.Models.Ratchet;

namespace EntropyScope.Tests.Estimators.Neep;

/// <summary>Short ratchet trajectories (models.md §5), full (V = 3) and partial (x = s mod 3, V = 1.5), each with a test trajectory.</summary>
public sealed class RatchetFixture : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "es-neep-" + Guid.NewGuid().ToString("N")[..8]);
    public string Full => Path.Combine(Root, "full");
    public string FullTest => Path.Combine(Root, "full-test");
    public string Partial => Path.Combine(Root, "partial");
    public string PartialTest => Path.Combine(Root, "partial-test");

    public RatchetFixture()
    {
        Directory.CreateDirectory(Root);
        RatchetDataset.Write(Full, new RatchetOptions { Potential = 3, Steps = 100_000, Seed = 1 });
        RatchetDataset.Write(FullTest, new RatchetOptions { Potential = 3, Steps = 100_000, Seed = 2 });
        RatchetDataset.Write(Partial, new RatchetOptions { Potential = 1.5, Partial = true, Steps = 100_000, Seed = 1 });
        RatchetDataset.Write(PartialTest, new RatchetOptions { Potential = 1.5, Partial = true, Steps = 50_000, Seed = 2 });
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}

public class NeepTrainingTests(RatchetFixture data) : IClassFixture<RatchetFixture>
{
    private const double FullEntropyPerStep = 0.398201;   // reference-numbers.md §1.3, V = 3
    private const double PartialFullEntropyPerStep = 0.130566;   // V = 1.5, EP of the hidden full chain

    private string Run(string name) => Path.Combine(data.Root, name + "-" + Guid.NewGuid().ToString("N")[..6]);

    [Fact]
    public void Embedding_neep_learns_the_full_ratchet_rate_within_ten_percent_in_under_a_minute()
    {
        string run = Run("neep");
        var clock = Stopwatch.StartNew();
        var outcome = NeepTraining.Train(new NeepTrainRequest
        {
            Trajectories = data.Full, Kind = NeepArchitecture.Neep,
            Training = new TrainingOptions { Iterations = 300, Batch = 512, LearningRate = 3e-3, Warmup = 20, EvalEvery = 100, Seed = 1 },
        }, run, resume: false, ProgressSink.None);
        var est = NeepEstimation.Run(run, data.FullTest, ProgressSink.None);
        double seconds = clock.Elapsed.TotalSeconds;
        Assert.Equal(6, NeepRunConfig.Load(run).Tokens);
        Assert.Equal(1, NeepRunConfig.Load(run).Dt);
        Assert.InRange(est.Summary.EntropyRateEstimate / FullEntropyPerStep, 0.9, 1.1);
        Assert.Equal(FullEntropyPerStep, est.Summary.EntropyRateTrue!.Value, 5);
        Assert.True(est.Summary.R2 > 0.95, $"R² {est.Summary.R2}");
        Assert.False(est.Summary.LowerBound);
        Assert.True(seconds < 60, $"{seconds:F1} s");
        Assert.Single(outcome);
    }

    [Fact]
    public void Rneep_on_the_partial_ratchet_gives_a_positive_lower_bound_below_the_full_rate()
    {
        string run = Run("rneep");
        NeepTraining.Train(new NeepTrainRequest
        {
            Trajectories = data.Partial, Kind = NeepArchitecture.Rneep, Window = 8, Hidden = 32,
            Training = new TrainingOptions { Iterations = 200, Batch = 256, LearningRate = 1e-2, Warmup = 10, EvalEvery = 50, Seed = 1 },
        }, run, resume: false, ProgressSink.None);
        var est = NeepEstimation.Run(run, data.PartialTest, ProgressSink.None);
        Assert.True(est.Summary.LowerBound);
        Assert.Contains("lower bound", est.Summary.Note);
        Assert.True(est.Summary.EntropyRateEstimate > 0, $"σ̂ = {est.Summary.EntropyRateEstimate}");
        Assert.True(est.Summary.EntropyRateEstimate < PartialFullEntropyPerStep, $"σ̂ = {est.Summary.EntropyRateEstimate}");
        Assert.Equal(49_999 / 7, est.Summary.Windows);   // stride k − 1 = 7 over 50 000 states
    }
}
