using EntropyScope.Estimators.Cneep;
using EntropyScope.Estimators.Training;
using EntropyScope.Models.BeadSpring;
using EntropyScope.Models.Langevin;

namespace EntropyScope.Tests.Estimators.Cneep;

/// <summary>
/// Small simulated bead-spring N = 2 data (T_c/T_h = 0.1), written once per test class. Displacements are drawn
/// with std 3 px (the paper's resolution knob) and frames are 0.05 apart (ΔS ≈ 0.1 per step), so a short training
/// sees the motion clearly (at std 1, dt 0.01 the first few hundred steps sit on a seed-dependent plateau).
/// </summary>
public sealed class BeadSpringMovieFixture : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "es-cneep-" + Guid.NewGuid().ToString("N")[..8]);
    public string Movies => Path.Combine(Root, "data");

    public BeadSpringMovieFixture()
    {
        Directory.CreateDirectory(Root);
        BeadSpringDataset.Write(Movies, new BeadSpringOptions
        {
            Beads = 2, Tc = 1, Th = 10, Std = 3,
            Simulation = new SimulationOptions { Movies = 10, Frames = 2000, Dt = 0.05, Seed = 7, Threads = 2 },
        });
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}

public class CneepTrainingTests(BeadSpringMovieFixture data) : IClassFixture<BeadSpringMovieFixture>
{
    private static CneepTrainRequest Request(string movies, long iterations, int evalEvery) => new()
    {
        Movies = movies, Dt = 0.05, Channels = 8,
        Training = new TrainingOptions
        {
            Dt = 0.05, Iterations = iterations, Batch = 128, LearningRate = 3e-3, Warmup = 20, EvalEvery = evalEvery,
            CheckpointMinutes = 0, Seed = 3,
        },
    };

    [Fact]
    public void Short_training_gives_a_positive_rate_and_R2_above_one_half()
    {
        string run = Path.Combine(data.Root, "run-short");
        var outcomes = CneepTraining.Train(Request(data.Movies, 400, 100), run, resume: false, ProgressSink.None);
        Assert.Single(outcomes);
        var est = CneepEstimation.Run(run, data.Movies, ProgressSink.None);
        Assert.True(est.Summary.EntropyRateEstimate > 0, $"σ̂ = {est.Summary.EntropyRateEstimate}");
        Assert.True(est.Summary.R2 > 0.5, $"R² = {est.Summary.R2}");
        // the averaged map sums to the EP rate (equal-length movies)
        Assert.Equal(est.Summary.EntropyRateEstimate, est.Summary.MapSum, 6);
        // the bond's reading sits beside the analytic rate and the rate realised in these movies (trajectories.npy)
        var bond = Assert.Single(est.Summary.Bonds!);
        Assert.Equal(est.Bonds![0].PerEstimatorPerMovie[0].Average(), bond.ExchangedEntropyRateEstimate, 9);   // equal-length movies
        Assert.True(bond.ExchangedEntropyRateRealised > 0 && bond.ExchangedEntropyRateRealisedSem > 0, $"{bond}");
        Assert.Equal(bond.ExchangedEntropyRateEstimate / bond.ExchangedEntropyRateRealised!.Value, bond.RatioRealised!.Value, 9);
        string written = Path.Combine(data.Root, "estimate-short");
        est.Write(written);
        using (var perMovie = EntropyScope.IO.NpyArray.Open(Path.Combine(written, "bond_rates_per_movie.npy")))
            Assert.Equal([1, 10, 1], perMovie.Shape);
        using (var realised = EntropyScope.IO.NpyArray.Open(Path.Combine(written, "bond_rates_realised_per_movie.npy")))
            Assert.Equal(est.BondsRealised![0], realised.ReadAll<double>());
        Assert.True(File.Exists(Path.Combine(run, "estimator-1", TrainingCheckpoint.BestFile)));
        Assert.True(File.Exists(Path.Combine(run, "estimator-1", Trainer.LogFile)));
    }

    private sealed class KillAt(long iteration) : IProgressSink
    {
        public void Report(double fraction, string status)
        {
            if (status.StartsWith($"iter {iteration}/", StringComparison.Ordinal)) throw new OperationCanceledException("killed");
        }
        public void Log(string line) { }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.9)]
    public void Resume_after_a_kill_continues_from_the_checkpoint_with_the_same_best_parameters(double average)
    {
        string straight = Path.Combine(data.Root, $"run-straight-{average}"), killed = Path.Combine(data.Root, $"run-killed-{average}");
        var request = Request(data.Movies, 60, 20) with { Channels = 4 };
        request = request with { Training = request.Training with { ParameterAverage = average } };
        CneepTraining.Train(request, straight, resume: false, ProgressSink.None);
        Assert.Throws<OperationCanceledException>(() => CneepTraining.Train(request, killed, resume: false, new KillAt(45)));
        Assert.False(File.Exists(Path.Combine(killed, CneepTraining.SummaryFile)));
        var log = TrainingLog.Read(Path.Combine(killed, "estimator-1", Trainer.LogFile));
        Assert.Equal(40, log[^1].Iteration);   // checkpoint and log at the last validation point before the kill
        CneepTraining.Train(request, killed, resume: true, ProgressSink.None);

        var a = Safetensors(Path.Combine(straight, "estimator-1", TrainingCheckpoint.BestFile));
        var b = Safetensors(Path.Combine(killed, "estimator-1", TrainingCheckpoint.BestFile));
        Assert.Equal(a, b);
        var la = TrainingLog.Read(Path.Combine(straight, "estimator-1", Trainer.LogFile));
        var lb = TrainingLog.Read(Path.Combine(killed, "estimator-1", Trainer.LogFile));
        Assert.Equal(la.Select(r => (r.Iteration, r.JVal, r.BestIteration)), lb.Select(r => (r.Iteration, r.JVal, r.BestIteration)));
    }

    [Fact]
    public void With_parameter_averaging_the_kept_parameters_are_the_average_not_the_last_iterate()
    {
        string run = Path.Combine(data.Root, "run-average");
        var request = Request(data.Movies, 40, 40) with { Channels = 4 };
        request = request with { Training = request.Training with { ParameterAverage = 0.9 } };
        var outcome = Assert.Single(CneepTraining.Train(request, run, resume: false, ProgressSink.None));
        Assert.Equal(40, outcome.BestIteration);   // validations at 0 and 40 only: the trained one wins
        var state = EntropyScope.Tensors.Checkpoints.Safetensors.Load(Path.Combine(run, "estimator-1", TrainingCheckpoint.StateFile));
        var best = EntropyScope.Tensors.Checkpoints.Safetensors.Load(Path.Combine(run, "estimator-1", TrainingCheckpoint.BestFile));
        foreach (var t in best.Ordered)
        {
            Assert.Equal(state.Tensors[TrainingCheckpoint.AveragePrefix + t.Name].Data, t.Data);
            if (t.Name != "fc.bias") Assert.NotEqual(state.Tensors[t.Name].Data, t.Data);   // the iterate itself moved on
        }
        Assert.Throws<InputException>(() => (request.Training with { ParameterAverage = 1 }).Validate());
    }

    [Fact]
    public void A_validation_share_spaces_the_validations_out_without_changing_the_parameter_trajectory()
    {
        // a validation costs 10 s, a step 0.1 s: at most 10 % → every 1000 steps, on the 250-step grid
        Assert.Equal(1000, Trainer.ValidationInterval(250, 0.1, 10, 0.1));
        Assert.Equal(250, Trainer.ValidationInterval(250, 0.1, 1, 0.1));        // cheap validation: the grid itself
        Assert.Equal(1250, Trainer.ValidationInterval(250, 0.1, 10.1, 0.1));    // rounds up to the grid
        Assert.Equal(250, Trainer.ValidationInterval(250, 0, 10, 0.1));         // off

        string every = Path.Combine(data.Root, "run-share-off"), sparse = Path.Combine(data.Root, "run-share-tiny");
        var request = Request(data.Movies, 60, 10) with { Channels = 4 };
        CneepTraining.Train(request, every, resume: false, ProgressSink.None);
        // a share no validation can meet: after the first one on the grid, only the final iteration is validated
        CneepTraining.Train(request with { Training = request.Training with { MaxValidationShare = 1e-9 } }, sparse, resume: false, ProgressSink.None);
        var full = TrainingLog.Read(Path.Combine(every, "estimator-1", Trainer.LogFile));
        var thin = TrainingLog.Read(Path.Combine(sparse, "estimator-1", Trainer.LogFile));
        Assert.Equal([0, 10, 20, 30, 40, 50, 60], full.Select(r => r.Iteration));
        Assert.Equal([0, 10, 60], thin.Select(r => r.Iteration));
        Assert.Equal(full[^1].JVal, thin[^1].JVal);   // the same iterate at step 60: validation does not touch training
        Assert.Equal(1e-9, CneepRunConfig.Load(sparse).MaxValidationShare);   // a resume keeps the run's setting
    }

    private static float[] Safetensors(string path) =>
        EntropyScope.Tensors.Checkpoints.Safetensors.Load(path).Ordered.SelectMany(t => t.Data).ToArray();
}
