using System.Text.Json;
using EntropyScope.Estimators.Training;
using EntropyScope.IO;

namespace EntropyScope.Estimators.Cneep;

/// <summary>Headline figures of `estimate` (mean ± std over the K estimators; see docs/cneep.md for every field).</summary>
public sealed record CneepEstimate
{
    public required double EntropyRateEstimate { get; init; }
    public required double EntropyRateEstimateStd { get; init; }
    public required string EntropyRateEstimateStdKind { get; init; }
    public required double[] EntropyRatePerEstimator { get; init; }
    public required double EntropyRateSpreadOverMovies { get; init; }
    public double? EntropyRateTrue { get; init; }
    public double? EntropyRateTrueEmpirical { get; init; }
    public double? Ratio { get; init; }
    /// <summary>truth.json reference_entropy_rate (for a crop: the EP of the bonds inside it) and σ̂_θ over it.</summary>
    public double? EntropyRateReference { get; init; }
    public double? RatioReference { get; init; }
    public double? RatioStd { get; init; }
    public double? R2 { get; init; }
    public double? R2Std { get; init; }
    public double[]? R2PerEstimator { get; init; }
    public required double ObjectiveJ { get; init; }
    public required long[] BestIteration { get; init; }
    public required double TrainSeconds { get; init; }
    public required int Estimators { get; init; }
    public required int Movies { get; init; }
    public required long Windows { get; init; }
    public required int FramesPerInput { get; init; }
    public required double Dt { get; init; }
    public required double MapSum { get; init; }
    public required int[] MapShape { get; init; }
    public IReadOnlyList<BondSummary>? Bonds { get; init; }
    /// <summary>Filament movies: share of ⟨Ḣ⟩ on hot–cold filaments vs truth, and map/truth correlation.</summary>
    public FilamentMapScore? Filaments { get; init; }
    public required string Run { get; init; }
    public required string MoviesPath { get; init; }
}

/// <summary>
/// One bond: the estimate (mean over estimators; std over estimators, and the standard error over movies), the
/// analytic rate and the rate realised in these movies (Eq. S9 from trajectories.npy, with its standard error over
/// movies), the estimate's ratio to each, and the width of frame the bond's map columns cover.
/// </summary>
public sealed record BondSummary(int I, int J, double ExchangedEntropyRateEstimate, double ExchangedEntropyRateEstimateStd,
    double ExchangedEntropyRateEstimateSem, double? ExchangedEntropyRateTrue, double? Ratio,
    double? ExchangedEntropyRateRealised, double? ExchangedEntropyRateRealisedSem, double? RatioRealised, int RegionWidthPx);

/// <summary>Everything `estimate` computes, kept in memory for `map`, `demo` and the report.</summary>
/// <param name="Bonds">Bead-spring movies: each bond's map reading per estimator and movie (else null).</param>
/// <param name="BondsRealised">[bond][movie] exchanged EP realised in each movie, when trajectories.npy is beside them.</param>
public sealed record CneepEstimation(CneepEstimate Summary, DissipationMap[] PerEstimator, double[] MeanMap, CneepRunConfig Config,
    IReadOnlyList<BondEstimate>? Bonds, double[][]? BondsRealised)
{
    public const string SummaryFile = "summary.json";

    /// <summary>Loads θ* of every estimator of RUN and evaluates all windows (stride n − 1) of MOVIES with maps.</summary>
    public static CneepEstimation Run(string runDirectory, string moviesPath, IProgressSink progress)
    {
        var config = CneepRunConfig.Load(runDirectory);
        using var movies = MovieSet.Open(moviesPath);
        if (movies.Height != config.Height || movies.Width != config.Width)
            throw new InputException($"{moviesPath}: frames are {movies.Height}×{movies.Width} but the run was trained on {config.Height}×{config.Width}");
        CneepTraining.CheckMovies(movies, config.Architecture, moviesPath);
        var truth = TrueEntropy.TryLoad(moviesPath, movies);
        var source = new MovieWindowSource(movies, Enumerable.Range(0, movies.Count).ToArray(), config.MovieNormalisation, truth);

        int K = config.Estimators;
        var maps = new DissipationMap[K];
        var stats = new EntropyRateEstimate[K];
        var best = new long[K];
        double trainSeconds = 0;
        for (int k = 0; k < K; k++)
        {
            var net = CneepTraining.CreateNetwork(config, k, 1024);
            double seconds;
            (best[k], seconds) = EstimatorSummary.LoadBest(CneepRunConfig.EstimatorFolder(runDirectory, k), net.Parameters, CneepTraining.SummaryFile, k);
            trainSeconds += seconds;
            var label = K > 1 ? $"[{k + 1}/{K}] " : "";
            maps[k] = DissipationMap.Evaluate(net, source, config.Dt, new PrefixedProgress(progress, label));
            stats[k] = EntropyRateEstimate.From(maps[k].WindowOutputs, source, config.FramesPerInput, config.Dt);
        }

        var e = EnsembleRate.From(stats, truth?.EntropyRate,
            (stats[0].RateStdOverSequences / Math.Sqrt(movies.Count), "standard error over movies (one estimator)"));
        var meanMaps = maps.Select(m => m.Mean()).ToArray();
        var (mh, mw) = (maps[0].MapHeight, maps[0].MapWidth);
        var meanMap = new double[mh * mw];
        foreach (var m in meanMaps) for (int i = 0; i < meanMap.Length; i++) meanMap[i] += m[i] / K;
        var bondMaps = ExchangedEntropy.FromMaps(truth?.Json, maps, config.Width);
        var stepsCovered = maps[0].WindowOutputs.Select(w => w.Length * (config.FramesPerInput - 1)).ToArray();
        var realised = bondMaps == null ? null
            : RealisedBondEntropy.PerMovie(TrueEntropy.DataFolder(moviesPath), truth!.Json!, bondMaps, stepsCovered, movies.FrameCount(0), config.Dt);
        var bonds = bondMaps?.Select((b, i) => BondSummaryOf(b, realised?[i])).ToList();

        var summary = new CneepEstimate
        {
            EntropyRateEstimate = e.Mean,
            EntropyRateEstimateStd = e.Std,
            EntropyRateEstimateStdKind = e.StdKind,
            EntropyRatePerEstimator = e.PerEstimator,
            EntropyRateSpreadOverMovies = stats.Average(s => s.RateStdOverSequences),
            EntropyRateTrue = e.TrueRate,
            EntropyRateTrueEmpirical = e.TrueRateEmpirical,
            Ratio = e.Ratio,
            EntropyRateReference = truth?.ReferenceEntropyRate,
            RatioReference = Statistics.RatioToTruth(e.Mean, truth?.ReferenceEntropyRate),
            RatioStd = e.RatioStd,
            R2 = e.R2,
            R2Std = e.R2Std,
            R2PerEstimator = e.R2PerEstimator,
            ObjectiveJ = e.ObjectiveJ,
            BestIteration = best,
            TrainSeconds = Math.Round(trainSeconds, 3),
            Estimators = K,
            Movies = movies.Count,
            Windows = stats[0].Windows,
            FramesPerInput = config.FramesPerInput,
            Dt = config.Dt,
            MapSum = meanMap.Sum(),
            MapShape = [mh, mw],
            Bonds = bonds,
            Filaments = FilamentMapScores.From(truth?.Json, meanMap, mh, mw, config.Height, config.Width),
            Run = Path.GetFullPath(runDirectory),
            MoviesPath = Path.GetFullPath(moviesPath),
        };
        return new CneepEstimation(summary, maps, meanMap, config, bondMaps, realised);
    }

    private static BondSummary BondSummaryOf(BondEstimate b, double[]? realisedPerMovie)
    {
        double e = b.PerEstimator.Average();
        int movies = b.PerEstimatorPerMovie[0].Length;
        var ensemblePerMovie = Enumerable.Range(0, movies).Select(m => b.PerEstimatorPerMovie.Average(k => k[m])).ToArray();
        double? realised = realisedPerMovie?.Average();
        return new BondSummary(b.I, b.J, e, Statistics.SampleStd(b.PerEstimator), StandardError(ensemblePerMovie), b.True, Statistics.RatioToTruth(e, b.True),
            realised, realisedPerMovie == null ? null : StandardError(realisedPerMovie), Statistics.RatioToTruth(e, realised), b.RegionWidthPixels);
    }

    private static double StandardError(double[] values) => Statistics.SampleStd(values) / Math.Sqrt(values.Length);

    public string SummaryJson() => JsonSerializer.Serialize(Summary, CneepRunConfig.Json);

    /// <summary>Writes the estimate folder atomically (layout in docs/cneep.md).</summary>
    public void Write(string outDirectory)
    {
        AtomicOutput.WriteDirectory(outDirectory, dir =>
        {
            int K = PerEstimator.Length, M = PerEstimator[0].WindowOutputs.Length, n = Config.FramesPerInput, steps = n - 1;
            int maxSteps = PerEstimator[0].WindowOutputs.Max(w => w.Length) * steps;
            var perStep = new float[(long)K * M * maxSteps];
            perStep.AsSpan().Fill(float.NaN);
            var ratePerMovie = new double[K * M];
            for (int k = 0; k < K; k++)
                for (int m = 0; m < M; m++)
                {
                    float[] w = PerEstimator[k].WindowOutputs[m];
                    long row = ((long)k * M + m) * maxSteps;
                    double sum = 0;
                    for (int i = 0; i < w.Length; i++)
                    {
                        sum += w[i];
                        for (int t = 0; t < steps; t++) perStep[row + i * steps + t] = w[i] / steps;   // per-step value = window / (n − 1)
                    }
                    ratePerMovie[k * M + m] = w.Length == 0 ? double.NaN : sum / (w.Length * steps * Config.Dt);
                }
            var (mh, mw) = (PerEstimator[0].MapHeight, PerEstimator[0].MapWidth);
            Npy.Write<float>(Path.Combine(dir, "delta_s.npy"), perStep, K, M, maxSteps);
            Npy.Write<double>(Path.Combine(dir, "entropy_rate_per_movie.npy"), ratePerMovie, K, M);
            Npy.Write<double>(Path.Combine(dir, "map.npy"), MeanMap, mh, mw);
            Npy.Write<double>(Path.Combine(dir, "maps.npy"), PerEstimator.SelectMany(p => p.Mean()).ToArray(), K, mh, mw);
            Npy.Write<double>(Path.Combine(dir, "map_per_movie.npy"), PerEstimator.SelectMany(p => p.MapPerMovie.SelectMany(x => x)).ToArray(), K, M, mh, mw);
            if (Bonds != null)
            {
                int B = Bonds.Count;
                var perMovie = new double[K * M * B];
                for (int k = 0; k < K; k++)
                    for (int m = 0; m < M; m++)
                        for (int b = 0; b < B; b++) perMovie[(k * M + m) * B + b] = Bonds[b].PerEstimatorPerMovie[k][m];
                Npy.Write<double>(Path.Combine(dir, "bond_rates_per_movie.npy"), perMovie, K, M, B);
                if (BondsRealised != null)
                    Npy.Write<double>(Path.Combine(dir, "bond_rates_realised_per_movie.npy"),
                        Enumerable.Range(0, M).SelectMany(m => BondsRealised.Select(r => r[m])).ToArray(), M, B);
            }
            File.WriteAllText(Path.Combine(dir, SummaryFile), SummaryJson());
        });
    }

    private sealed class PrefixedProgress(IProgressSink inner, string prefix) : IProgressSink
    {
        public void Report(double fraction, string status) => inner.Report(fraction, prefix + status);
        public void Log(string line) => inner.Log(prefix + line);
    }
}
