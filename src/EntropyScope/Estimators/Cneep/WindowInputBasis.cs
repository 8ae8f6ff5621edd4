using EntropyScope.IO;

namespace EntropyScope.Estimators.Cneep;

/// <summary>
/// The channel basis conv1's weights are learned in (docs/cneep.md, "Window input"). <c>frames</c>: the n standardised
/// frames as they are (the reference). <c>differences</c>: for each pair of frames (c, n−1−c) that the time reversal swaps,
/// their mean (I_c + I_{n−1−c})/2 and their difference (I_{n−1−c} − I_c)/s_c, with s_c the training RMS of that difference
/// (the middle frame of odd n stays as it is). The reversal then maps mean → mean and difference → −difference.
/// This is an invertible linear map of the window, and conv1 is linear, so the network computes the same function class and
/// stays exactly antisymmetric; it is applied as a reparameterisation W_frames = W · T of conv1 (CneepNetwork), never
/// to the data. What it changes is conditioning: consecutive frames differ by a small fraction of their std, so the
/// time-asymmetric signal otherwise reaches Adam only as a small difference of two large, nearly equal weights
/// (the same reason as NEEP's increment input, docs/neep.md).
/// </summary>
public sealed record WindowInputBasis(string Mode, double[] DifferenceScales)
{
    public const string Frames = "frames";
    public const string Differences = "differences";

    /// <summary>Frames read per movie for the difference RMS: enough for a 3-digit scale, bounded for long movie sets.</summary>
    private const int FramesPerMovie = 1024;

    public static WindowInputBasis Identity => new(Frames, []);

    public static void CheckMode(string mode)
    {
        if (mode != Frames && mode != Differences) throw new InputException($"--window-input must be '{Frames}' or '{Differences}' (got '{mode}')");
    }

    /// <summary>
    /// The basis for n-frame windows. For <c>differences</c>, s_c = RMS over training pixels of the standardised
    /// I_{t+lag} − I_t with lag = n − 1 − 2c, from the first <see cref="FramesPerMovie"/> frames of every training movie.
    /// </summary>
    public static WindowInputBasis Compute(IMovieSet movies, IReadOnlyList<int> trainingMovies, MovieNormalisation norm, int n, string mode)
    {
        CheckMode(mode);
        if (mode == Frames) return Identity;
        int pairs = n / 2, pixels = movies.Height * movies.Width;
        var sumSq = new double[pairs];
        var count = new long[pairs];
        var buffer = new float[FramesPerMovie * pixels];
        foreach (int m in trainingMovies)
        {
            int frames = Math.Min(FramesPerMovie, movies.FrameCount(m));
            movies.CopyFrames(m, 0, frames, buffer);
            for (int c = 0; c < pairs; c++)
            {
                int lag = n - 1 - 2 * c;
                double s = 0;
                for (int t = 0; t + lag < frames; t++)
                {
                    var a = buffer.AsSpan(t * pixels, pixels);
                    var b = buffer.AsSpan((t + lag) * pixels, pixels);
                    for (int i = 0; i < pixels; i++) { double d = b[i] - a[i]; s += d * d; }
                    count[c] += pixels;
                }
                sumSq[c] += s;
            }
        }
        var scales = new double[pairs];
        for (int c = 0; c < pairs; c++)
        {
            scales[c] = Math.Sqrt(sumSq[c] / Math.Max(1, count[c])) / norm.Std;   // the same difference in standardised units
            if (!(scales[c] > 0))
                throw new InputException($"frames {n - 1 - 2 * c} apart never differ in the training movies: there is no time-asymmetric signal to learn from");
        }
        return new WindowInputBasis(Differences, scales);
    }

    /// <summary>
    /// T (n × n, row-major): row j is input channel j as a combination of the window's frames, so conv1's weights on the
    /// frames are W_frames[·, i] = Σ_j W[·, j] T[j, i]. Pair c's mean is channel c, its difference channel n − 1 − c.
    /// Null for <c>frames</c> (the identity).
    /// </summary>
    public float[]? Matrix(int n)
    {
        if (Mode == Frames) return null;
        if (DifferenceScales.Length != n / 2)
            throw new InputException($"window input '{Mode}' has {DifferenceScales.Length} difference scale(s); {n / 2} are needed for {n} frames per input");
        var t = new float[n * n];
        for (int c = 0; c < n / 2; c++)
        {
            int r = n - 1 - c;
            t[c * n + c] = 0.5f; t[c * n + r] = 0.5f;
            float inv = (float)(1 / DifferenceScales[c]);
            t[r * n + c] = -inv; t[r * n + r] = inv;
        }
        if (n % 2 == 1) t[(n / 2) * n + n / 2] = 1f;
        return t;
    }
}
