using EntropyScope.Estimators.Training;
using EntropyScope.IO;

namespace EntropyScope.Estimators.Cneep;

/// <summary>
/// `train --init-from SOURCE`: estimator k starts from θ* of estimator k of a finished run instead of a fresh
/// initialisation, with a new learning-rate schedule (a warm restart: a run that was still improving when its budget
/// ran out is continued with a second cosine cycle; or a network trained on simulated movies is fine-tuned on others).
/// The weights only mean what they meant on inputs scaled as before, so the source's normalisation and input basis are
/// kept; on the source's own movies its split is kept too, so no validation movie was ever a training movie.
/// A source with fewer channels or a smaller last-block first kernel is widened (<see cref="CneepWidening"/>): the run
/// starts from the same ΔS_θ with room to fit more.
/// </summary>
public static class CneepWarmStart
{
    /// <summary>The source run's config, after checking that its networks fit the requested ones (one clear line if not).</summary>
    public static CneepRunConfig Source(string sourceRun, CneepArchitecture requested, string windowInput, int estimators)
    {
        CneepRunConfig source;
        try { source = CneepRunConfig.Load(sourceRun); }
        catch (InputException e) { throw new InputException($"--init-from {e.Message}"); }
        var a = source.Architecture;
        void Require(bool ok, string what, object theirs, object ours)
        {
            if (!ok) throw new InputException($"--init-from {sourceRun}: its networks have {what} {theirs}, this run asks for {ours}");
        }
        Require(a.Frames == requested.Frames, "--frames-per-input", a.Frames, requested.Frames);
        if (a.Channels > requested.Channels)
            throw new InputException($"--init-from {sourceRun}: its networks have --channels {a.Channels}, this run asks for {requested.Channels} (a network can be widened, not narrowed)");
        Require(a.Depth == requested.Depth, "--depth", a.Depth, requested.Depth);
        Require(a.LastBlockConvs == requested.LastBlockConvs, "--last-block-convs", a.LastBlockConvs, requested.LastBlockConvs);
        if (a.LastBlockFirstKernel > requested.LastBlockFirstKernel)
            throw new InputException($"--init-from {sourceRun}: its networks have --last-block-first-kernel {a.LastBlockFirstKernel}, this run asks for {requested.LastBlockFirstKernel} (a kernel can be widened, not narrowed)");
        Require(a.Height == requested.Height && a.Width == requested.Width, "frames of", $"{a.Height}×{a.Width}", $"{requested.Height}×{requested.Width}");
        Require(source.WindowInput == windowInput, "--window-input", source.WindowInput, windowInput);
        if (source.Estimators < estimators)
            throw new InputException($"--init-from {sourceRun}: it trained {source.Estimators} estimator(s), this run asks for --estimators {estimators}");
        for (int k = 0; k < estimators; k++)
        {
            string best = BestPath(sourceRun, k);
            if (!File.Exists(best)) throw new InputException($"--init-from {sourceRun}: {best} missing (is its training finished?)");
        }
        return source;
    }

    /// <summary>The source's split when MOVIES are its movies (same folder, same count), else null (split anew).</summary>
    public static (int[] Training, int[] Validation)? SourceSplit(CneepRunConfig source, string movies, int movieCount) =>
        Path.GetFullPath(movies) == source.Movies && source.TrainingMovies.Length + source.ValidationMovies.Length == movieCount
            ? (source.TrainingMovies, source.ValidationMovies)
            : null;

    /// <summary>Loads θ* of the source's estimator k (0-based) into <paramref name="network"/>, widened if the source is narrower (channels or kernel).</summary>
    public static void Load(string sourceRun, int estimator, CneepNetwork network)
    {
        var source = CneepRunConfig.Load(sourceRun).Architecture;
        if (source == network.Architecture)   // otherwise Source() has checked that only what widening grows differs
        {
            TrainingCheckpoint.LoadBest(BestPath(sourceRun, estimator), network.Parameters);
            return;
        }
        var narrow = new CneepNetwork(source, maxBatch: 1, seed: 0, threads: 1);
        TrainingCheckpoint.LoadBest(BestPath(sourceRun, estimator), narrow.Parameters);
        CneepWidening.Widen(narrow.Parameters, network.Parameters);
    }

    private static string BestPath(string sourceRun, int estimator) =>
        Path.Combine(CneepRunConfig.EstimatorFolder(sourceRun, estimator), TrainingCheckpoint.BestFile);
}
