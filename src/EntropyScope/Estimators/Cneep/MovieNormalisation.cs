using EntropyScope.IO;

namespace EntropyScope.Estimators.Cneep;

/// <summary>
/// Input standardisation (estimators.md §2): one scalar mean and std from the training movies only, the same
/// constants applied to validation and test movies. <c>all-pixels</c> (default) uses every training pixel;
/// <c>first-frame</c> uses the first frame of the first training movie (the reference code's choice).
/// </summary>
public sealed record MovieNormalisation(string Mode, double Mean, double Std)
{
    public const string AllPixels = "all-pixels";
    public const string FirstFrame = "first-frame";

    public static MovieNormalisation Compute(IMovieSet movies, IReadOnlyList<int> trainingMovies, string mode, IProgressSink progress)
    {
        if (mode != AllPixels && mode != FirstFrame) throw new InputException($"--normalisation must be '{AllPixels}' or '{FirstFrame}' (got '{mode}')");
        int pixels = movies.Height * movies.Width;
        const int ChunkFrames = 256;
        var buffer = new float[ChunkFrames * pixels];
        double sum = 0, sumSq = 0;
        long count = 0;
        var list = mode == FirstFrame ? trainingMovies.Take(1).ToList() : trainingMovies.ToList();
        for (int i = 0; i < list.Count; i++)
        {
            int m = list[i], frames = mode == FirstFrame ? 1 : movies.FrameCount(m);
            for (int start = 0; start < frames; start += ChunkFrames)
            {
                int c = Math.Min(ChunkFrames, frames - start);
                movies.CopyFrames(m, start, c, buffer);
                double s = 0, ss = 0;
                foreach (float v in buffer.AsSpan(0, c * pixels)) { s += v; ss += (double)v * v; }
                sum += s; sumSq += ss; count += (long)c * pixels;
            }
            progress.Report((double)(i + 1) / list.Count, "input statistics");
        }
        double mean = sum / count;
        double std = Math.Sqrt(Math.Max(0, sumSq / count - mean * mean));
        if (!(std > 0)) throw new InputException("the training movies have constant pixel values (zero standard deviation): nothing to learn from");
        return new MovieNormalisation(mode, mean, std);
    }
}
