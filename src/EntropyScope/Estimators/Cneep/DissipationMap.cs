using EntropyScope.Estimators.Training;

namespace EntropyScope.Estimators.Cneep;

/// <summary>
/// Evaluation of one CNEEP estimator over every evaluation window (stride n − 1) of every movie, with the dissipation
/// maps of Eq. (4)–(5): per movie, ⟨Ḣ(x, y)⟩ = mean over its windows of H/((n − 1)Δτ), so Σ_xy ⟨Ḣ⟩ = σ̂_θ of that movie.
/// </summary>
public sealed class DissipationMap
{
    /// <summary>ΔS_θ per window: [movie][window].</summary>
    public required float[][] WindowOutputs { get; init; }

    /// <summary>⟨Ḣ⟩ per movie, [movie][y·W_f + x], float64.</summary>
    public required double[][] MapPerMovie { get; init; }

    public required int MapHeight { get; init; }
    public required int MapWidth { get; init; }

    /// <summary>⟨Ḣ⟩ averaged over all windows of all movies (Σ_xy = σ̂_θ for equal-length movies).</summary>
    public double[] Mean()
    {
        int p = MapHeight * MapWidth;
        var mean = new double[p];
        long windows = 0;
        for (int m = 0; m < MapPerMovie.Length; m++)
        {
            int w = WindowOutputs[m].Length;
            for (int i = 0; i < p; i++) mean[i] += MapPerMovie[m][i] * w;
            windows += w;
        }
        for (int i = 0; i < p; i++) mean[i] /= Math.Max(1, windows);
        return mean;
    }

    public static DissipationMap Evaluate(CneepNetwork net, IWindowSource source, double dt, IProgressSink progress)
    {
        int n = net.WindowLength, batch = net.MaxBatch;
        var (mh, mw) = net.MapShape;
        int P = mh * mw;
        var input = new float[((long)batch * (n - 1) + 1) * source.ItemSize];   // b windows with stride n − 1 span b(n−1)+1 frames
        var outputs = new float[batch];
        var maps = new float[(long)batch * P];
        var windows = new float[source.Count][];
        var perMovie = new double[source.Count][];
        long total = 0, done = 0;
        for (int m = 0; m < source.Count; m++) total += EvaluationWindows.WindowCount(source.Length(m), n);
        double scale = 1.0 / ((n - 1) * dt);
        for (int m = 0; m < source.Count; m++)
        {
            int count = EvaluationWindows.WindowCount(source.Length(m), n);
            windows[m] = new float[count];
            var acc = new double[P];
            for (int w0 = 0; w0 < count; w0 += batch)
            {
                int b = Math.Min(batch, count - w0), frames = b * (n - 1) + 1;
                source.CopyItems(m, w0 * (n - 1), frames, input.AsSpan(0, frames * source.ItemSize));
                net.ForwardSequenceWithMaps(input.AsSpan(0, frames * source.ItemSize), frames, outputs, maps);
                outputs.AsSpan(0, b).CopyTo(windows[m].AsSpan(w0, b));
                for (int i = 0; i < b; i++)
                {
                    ReadOnlySpan<float> h = maps.AsSpan(i * P, P);
                    for (int p = 0; p < P; p++) acc[p] += h[p];
                }
                done += b;
                progress.Report((double)done / Math.Max(1, total), $"estimating {done}/{total} windows");
            }
            for (int p = 0; p < P; p++) acc[p] = count == 0 ? 0 : acc[p] * scale / count;
            perMovie[m] = acc;
        }
        return new DissipationMap { WindowOutputs = windows, MapPerMovie = perMovie, MapHeight = mh, MapWidth = mw };
    }
}
