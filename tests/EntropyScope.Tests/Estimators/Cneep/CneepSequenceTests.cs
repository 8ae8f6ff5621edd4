using EntropyScope.Estimators.Cneep;
using EntropyScope.Estimators.Training;
using EntropyScope.Tensors.Nn;

namespace EntropyScope.Tests.Estimators.Cneep;

/// <summary>The frame-sequence path (conv1 once per frame, windows assembled by sums) against the per-window path.</summary>
public class CneepSequenceTests
{
    private static float[] RandomFrames(int frames, int pixels, int seed)
    {
        var rng = new Random(seed);
        var x = new float[frames * pixels];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        return x;
    }

    /// <summary>Copies out the windows starting at 0, n−1, 2(n−1), … as the per-window path sees them.</summary>
    private static float[] Windows(float[] frames, int frameCount, int n, int pixels, out int windows)
    {
        windows = EvaluationWindows.WindowCount(frameCount, n);
        var x = new float[windows * n * pixels];
        for (int w = 0; w < windows; w++) Array.Copy(frames, w * (n - 1) * pixels, x, w * n * pixels, n * pixels);
        return x;
    }

    private static void AssertClose(float expected, float actual, float scale, string what)
        => Assert.True(Math.Abs(expected - actual) <= 2e-5f * (1 + scale), $"{what}: {expected} vs {actual}");

    [Theory]
    [InlineData(2, 20, 40, 8, 2, 61, 16)]    // N = 2 default shape, chunks not dividing the windows
    [InlineData(2, 13, 19, 5, 2, 30, 7)]     // ragged (odd) frame sizes
    [InlineData(4, 16, 16, 4, 3, 41, 8)]     // n = 4, depth 3: 13 windows, one frame left over
    [InlineData(4, 15, 21, 6, 2, 38, 5)]     // n = 4, ragged sizes, 12 windows, one frame left over
    [InlineData(3, 12, 17, 4, 2, 22, 3)]     // n = 3: the middle phase meets W_1 twice
    public void Sequence_path_equals_per_window_path(int n, int h, int w, int c, int depth, int frameCount, int chunk)
    {
        var arch = new CneepArchitecture(n, h, w, c, depth);
        int pixels = h * w;
        var frames = RandomFrames(frameCount, pixels, 4);
        var x = Windows(frames, frameCount, n, pixels, out int windows);
        var net = new CneepNetwork(arch, windows, seed: 9, threads: 2, chunk: chunk);
        var expected = new float[windows];
        net.Forward(x, windows, expected);
        var actual = new float[windows];
        net.ForwardSequence(frames, frameCount, actual);
        float scale = expected.Max(Math.Abs);
        Assert.True(scale > 1e-3, "trivial output");
        for (int i = 0; i < windows; i++) AssertClose(expected[i], actual[i], scale, $"window {i}");

        var (mh, mw) = net.MapShape;
        int P = mh * mw;
        var mapsExpected = new float[windows * P];
        var mapsActual = new float[windows * P];
        var dS = new float[windows];
        net.ForwardWithMaps(x, windows, dS, mapsExpected);
        net.ForwardSequenceWithMaps(frames, frameCount, dS, mapsActual);
        float mapScale = mapsExpected.Max(Math.Abs);
        for (int i = 0; i < mapsExpected.Length; i++) AssertClose(mapsExpected[i], mapsActual[i], mapScale, $"map entry {i}");
        for (int i = 0; i < windows; i++) AssertClose(expected[i], dS[i], scale, $"map window {i}");
    }

    [Theory]
    [InlineData(2, 20, 40, 8, 25)]
    [InlineData(4, 15, 21, 6, 31)]
    public void Sequence_path_is_antisymmetric_under_time_reversal(int n, int h, int w, int c, int frameCount)
    {
        // (frameCount − 1) divisible by n − 1: the reversed movie's window t is window W − 1 − t played backwards
        int pixels = h * w;
        var frames = RandomFrames(frameCount, pixels, 6);
        var reversed = new float[frames.Length];
        for (int f = 0; f < frameCount; f++) Array.Copy(frames, f * pixels, reversed, (frameCount - 1 - f) * pixels, pixels);
        int windows = EvaluationWindows.WindowCount(frameCount, n);
        var net = new CneepNetwork(new CneepArchitecture(n, h, w, c), windows, seed: 2, threads: 2, chunk: 4);
        var fwd = new float[windows]; var rev = new float[windows];
        net.ForwardSequence(frames, frameCount, fwd);
        net.ForwardSequence(reversed, frameCount, rev);
        for (int t = 0; t < windows; t++)
        {
            Assert.True(Math.Abs(fwd[t]) > 1e-4, "trivial output");
            Assert.True(Math.Abs(fwd[t] + rev[windows - 1 - t]) <= 1e-5f * (1 + Math.Abs(fwd[t])), $"{fwd[t]} vs {rev[windows - 1 - t]}");
        }
    }

    [Fact]
    public void Evaluation_windows_give_the_same_values_through_either_path()
    {
        var arch = new CneepArchitecture(3, 12, 16, 4);
        var source = new ArraySource(12 * 16, [RandomFrames(40, 12 * 16, 1), RandomFrames(9, 12 * 16, 2), RandomFrames(2, 12 * 16, 3), RandomFrames(23, 12 * 16, 4)]);
        var net = new CneepNetwork(arch, 6, seed: 5, threads: 2, chunk: 4);
        var buffer = new float[6 * 3 * 12 * 16];
        var viaSequence = EvaluationWindows.Evaluate(net, source, buffer);
        var viaWindows = EvaluationWindows.Evaluate(new WindowsOnly(net), source, buffer);
        Assert.Equal(viaWindows.Select(r => r.Length), viaSequence.Select(r => r.Length));
        Assert.Equal([19, 4, 0, 11], viaSequence.Select(r => r.Length));
        for (int m = 0; m < viaWindows.Length; m++)
            for (int i = 0; i < viaWindows[m].Length; i++) AssertClose(viaWindows[m][i], viaSequence[m][i], 1f, $"movie {m} window {i}");
    }

    private sealed class ArraySource(int itemSize, float[][] sequences) : IWindowSource
    {
        public int Count => sequences.Length;
        public int ItemSize => itemSize;
        public int Length(int sequence) => sequences[sequence].Length / itemSize;
        public void CopyItems(int sequence, int start, int count, Span<float> destination)
            => sequences[sequence].AsSpan(start * itemSize, count * itemSize).CopyTo(destination);
        public double[]? TruePerStep(int sequence) => null;
    }

    /// <summary>Hides <see cref="ISequenceEntropyNetwork"/> so the per-window path runs.</summary>
    private sealed class WindowsOnly(IEntropyNetwork inner) : IEntropyNetwork
    {
        public string Kind => inner.Kind;
        public ParameterStore Parameters => inner.Parameters;
        public int WindowLength => inner.WindowLength;
        public int ItemSize => inner.ItemSize;
        public int MaxBatch => inner.MaxBatch;
        public void Forward(ReadOnlySpan<float> windows, int batch, Span<float> deltaS) => inner.Forward(windows, batch, deltaS);
        public void AccumulateGradient(ReadOnlySpan<float> windows, int batch, Span<float> deltaS) => inner.AccumulateGradient(windows, batch, deltaS);
        public IReadOnlyDictionary<string, string> Describe() => inner.Describe();
    }
}
