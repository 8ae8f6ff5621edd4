using EntropyScope.Estimators.Cneep;
using EntropyScope.Estimators.Training;

namespace EntropyScope.Tests.Estimators.Cneep;

/// <summary>`train --init-from`: a warm restart starts at the source's θ*, on its split and input scale.</summary>
public class CneepWarmStartTests(BeadSpringMovieFixture data) : IClassFixture<BeadSpringMovieFixture>
{
    private static CneepTrainRequest Request(string movies, long iterations, int seed) => new()
    {
        Movies = movies, Dt = 0.05, Channels = 4,
        Training = new TrainingOptions
        {
            Dt = 0.05, Iterations = iterations, Batch = 128, LearningRate = 3e-3, Warmup = 20, EvalEvery = 20,
            CheckpointMinutes = 0, Seed = seed,
        },
    };

    [Fact]
    public void A_warm_start_begins_at_the_source_parameters_on_its_split_and_input_scale()
    {
        string source = Path.Combine(data.Root, "warm-source"), warm = Path.Combine(data.Root, "warm-run");
        var first = Assert.Single(CneepTraining.Train(Request(data.Movies, 60, seed: 3), source, resume: false, ProgressSink.None));
        // another seed would split the movies differently; on the source's movies its split is kept
        var second = Assert.Single(CneepTraining.Train(Request(data.Movies, 20, seed: 5) with { InitFrom = source }, warm, resume: false, ProgressSink.None));

        var s = CneepRunConfig.Load(source);
        var w = CneepRunConfig.Load(warm);
        Assert.Equal(s.TrainingMovies, w.TrainingMovies);
        Assert.Equal(s.ValidationMovies, w.ValidationMovies);
        Assert.Equal((s.NormalisationMean, s.NormalisationStd), (w.NormalisationMean, w.NormalisationStd));
        Assert.Equal(Path.GetFullPath(source), w.InitFrom);

        // the warm run's first validation scores the source's θ* on the same validation movies
        var log = TrainingLog.Read(Path.Combine(warm, "estimator-1", Trainer.LogFile));
        Assert.Equal(0, log[0].Iteration);
        Assert.Equal(first.BestJVal, log[0].JVal, 6);
        Assert.True(second.BestJVal >= first.BestJVal, $"{second.BestJVal} < {first.BestJVal}");
        var fresh = TrainingLog.Read(Path.Combine(source, "estimator-1", Trainer.LogFile));
        Assert.True(log[0].JVal > fresh[0].JVal + 1e-3, $"warm start {log[0].JVal} vs fresh initialisation {fresh[0].JVal}");

        // resuming the warm run reads its own checkpoints: the source may be gone by then
        Directory.Delete(source, recursive: true);
        var again = Assert.Single(CneepTraining.Train(Request(data.Movies, 20, seed: 5) with { InitFrom = source }, warm, resume: true, ProgressSink.None));
        Assert.Equal(second.BestJVal, again.BestJVal);
    }

    [Fact]
    public void A_source_with_another_network_is_refused_before_anything_is_written()
    {
        string source = Path.Combine(data.Root, "warm-source-c4"), warm = Path.Combine(data.Root, "warm-mismatch");
        CneepTraining.Train(Request(data.Movies, 20, seed: 3), source, resume: false, ProgressSink.None);
        var e = Assert.Throws<InputException>(() =>
            CneepTraining.Train(Request(data.Movies, 20, seed: 3) with { InitFrom = source, Channels = 2 }, warm, resume: false, ProgressSink.None));
        Assert.Contains("--channels 4, this run asks for 2", e.Message);
        Assert.False(Directory.Exists(warm));
        e = Assert.Throws<InputException>(() =>
            CneepTraining.Train(Request(data.Movies, 20, seed: 3) with { InitFrom = source, FramesPerInput = 3 }, warm, resume: false, ProgressSink.None));
        Assert.Contains("--frames-per-input 2", e.Message);
        Assert.False(Directory.Exists(warm));
        e = Assert.Throws<InputException>(() =>
            CneepTraining.Train(Request(data.Movies, 20, seed: 3) with { InitFrom = Path.Combine(data.Root, "no-such-run") }, warm, resume: false, ProgressSink.None));
        Assert.Contains("not a run folder", e.Message);
        Assert.False(Directory.Exists(warm));
    }

    [Fact]
    public void The_last_block_shape_is_kept_in_the_config_and_a_source_of_another_shape_is_refused()
    {
        string source = Path.Combine(data.Root, "warm-source-d3-one-conv"), warm = Path.Combine(data.Root, "warm-d3-two-convs");
        CneepTraining.Train(Request(data.Movies, 20, seed: 3) with { Depth = 3, LastBlockConvs = 1 }, source, resume: false, ProgressSink.None);
        var arch = CneepRunConfig.Load(source).Architecture;
        Assert.Equal((3, 1), (arch.Depth, arch.LastBlockConvs));
        var e = Assert.Throws<InputException>(() =>
            CneepTraining.Train(Request(data.Movies, 20, seed: 3) with { InitFrom = source, Depth = 3 }, warm, resume: false, ProgressSink.None));
        Assert.Contains("--last-block-convs 1, this run asks for 2", e.Message);
        Assert.False(Directory.Exists(warm));
    }

    [Fact]
    public void The_last_block_first_kernel_is_kept_in_the_config_and_can_be_widened_not_narrowed()
    {
        string source = Path.Combine(data.Root, "warm-source-k5"), narrowed = Path.Combine(data.Root, "warm-k3"), widened = Path.Combine(data.Root, "warm-k7");
        var first = Assert.Single(CneepTraining.Train(Request(data.Movies, 20, seed: 3) with { LastBlockFirstKernel = 5 }, source, resume: false, ProgressSink.None));
        Assert.Equal(5, CneepRunConfig.Load(source).Architecture.LastBlockFirstKernel);
        var e = Assert.Throws<InputException>(() =>
            CneepTraining.Train(Request(data.Movies, 20, seed: 3) with { InitFrom = source }, narrowed, resume: false, ProgressSink.None));
        Assert.Contains("--last-block-first-kernel 5, this run asks for 3 (a kernel can be widened, not narrowed)", e.Message);
        Assert.False(Directory.Exists(narrowed));
        CneepTraining.Train(Request(data.Movies, 20, seed: 3) with { InitFrom = source, LastBlockFirstKernel = 7 }, widened, resume: false, ProgressSink.None);
        Assert.Equal(7, CneepRunConfig.Load(widened).Architecture.LastBlockFirstKernel);
        var log = TrainingLog.Read(Path.Combine(widened, "estimator-1", Trainer.LogFile));
        Assert.Equal(first.BestJVal, log[0].JVal, 5);   // the 7×7 kernel with a zero ring computes the 5×5 θ*'s ΔS_θ
    }

    [Fact]
    public void A_wider_run_starts_from_the_narrow_runs_estimate()
    {
        string source = Path.Combine(data.Root, "warm-source-narrow"), wide = Path.Combine(data.Root, "warm-wide");
        var first = Assert.Single(CneepTraining.Train(Request(data.Movies, 40, seed: 3), source, resume: false, ProgressSink.None));
        CneepTraining.Train(Request(data.Movies, 20, seed: 3) with { InitFrom = source, Channels = 8 }, wide, resume: false, ProgressSink.None);

        Assert.Equal(8, CneepRunConfig.Load(wide).Channels);
        var log = TrainingLog.Read(Path.Combine(wide, "estimator-1", Trainer.LogFile));
        Assert.Equal(0, log[0].Iteration);
        Assert.Equal(first.BestJVal, log[0].JVal, 5);   // the widened network computes the narrow θ*'s ΔS_θ
    }
}
