using EntropyScope.Estimators.Cneep;
using EntropyScope.IO;

namespace EntropyScope.Tests.Estimators.Cneep;

public class WindowInputBasisTests
{
    /// <summary>Movies held in memory: frame t of movie m has every pixel equal to values[m][t].</summary>
    private sealed class ConstantFrames(float[][] values, int h, int w) : IMovieSet
    {
        public int Count => values.Length;
        public int Height => h;
        public int Width => w;
        public int FrameCount(int movie) => values[movie].Length;
        public void CopyFrames(int movie, int start, int count, Span<float> destination)
        {
            for (int t = 0; t < count; t++) destination.Slice(t * h * w, h * w).Fill(values[movie][start + t]);
        }
        public void Dispose() { }
    }

    [Fact]
    public void Difference_scales_are_the_rms_of_the_standardised_lagged_differences_of_training_movies()
    {
        // movie 0: a ramp of slope 1 per frame; movie 1: slope 3 (held out, must not count); std 2
        var movies = new ConstantFrames([Enumerable.Range(0, 50).Select(t => (float)t).ToArray(), Enumerable.Range(0, 50).Select(t => 3f * t).ToArray()], 2, 3);
        var norm = new MovieNormalisation(MovieNormalisation.AllPixels, 0, 2);
        var basis = WindowInputBasis.Compute(movies, [0], norm, 4, WindowInputBasis.Differences);
        Assert.Equal(WindowInputBasis.Differences, basis.Mode);
        // n = 4: pair 0 is frames (0, 3), lag 3; pair 1 is frames (1, 2), lag 1; in standardised units / 2
        Assert.Equal([1.5, 0.5], basis.DifferenceScales, (a, b) => Math.Abs(a - b) < 1e-12);
        var frames = WindowInputBasis.Compute(movies, [0], norm, 4, WindowInputBasis.Frames);
        Assert.Equal(WindowInputBasis.Frames, frames.Mode);
        Assert.Empty(frames.DifferenceScales);
    }

    [Fact]
    public void Frozen_movies_and_unknown_modes_are_one_line_input_errors()
    {
        var frozen = new ConstantFrames([Enumerable.Repeat(1f, 20).ToArray()], 2, 2);
        var norm = new MovieNormalisation(MovieNormalisation.AllPixels, 0, 1);
        var e = Assert.Throws<InputException>(() => WindowInputBasis.Compute(frozen, [0], norm, 2, WindowInputBasis.Differences));
        Assert.Contains("never differ", e.Message);
        Assert.Throws<InputException>(() => WindowInputBasis.Compute(frozen, [0], norm, 2, "sums"));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void The_basis_maps_a_window_to_pair_means_and_scaled_differences_and_reversal_to_their_sign(int n)
    {
        var scales = Enumerable.Range(1, n / 2).Select(c => 0.1 * c).ToArray();
        var t = new WindowInputBasis(WindowInputBasis.Differences, scales).Matrix(n)!;
        var frames = Enumerable.Range(0, n).Select(i => (float)(i * i + 1)).ToArray();
        float[] Apply(float[] f) => Enumerable.Range(0, n).Select(j => Enumerable.Range(0, n).Sum(i => t[j * n + i] * f[i])).ToArray();
        var y = Apply(frames);
        var yr = Apply(frames.Reverse().ToArray());
        for (int c = 0; c < n / 2; c++)
        {
            Assert.Equal((frames[c] + frames[n - 1 - c]) / 2, y[c], 5);
            Assert.Equal((frames[n - 1 - c] - frames[c]) / scales[c], y[n - 1 - c], 3);
            Assert.Equal(y[c], yr[c], 5);
            Assert.Equal(-y[n - 1 - c], yr[n - 1 - c], 3);
        }
        if (n % 2 == 1) Assert.Equal(frames[n / 2], y[n / 2]);
        Assert.Null(WindowInputBasis.Identity.Matrix(n));
        Assert.Throws<InputException>(() => new WindowInputBasis(WindowInputBasis.Differences, [1.0, 1.0, 1.0]).Matrix(n));
    }

    [Fact]
    public void A_run_folder_from_before_the_option_learned_on_the_frames()
    {
        string dir = Path.Combine(Path.GetTempPath(), "es-basis-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            new CneepRunConfig { Movies = "m.npy", Dt = 0.01, Height = 20, Width = 40, WindowInput = WindowInputBasis.Differences, DifferenceScales = [0.04] }.Save(dir);
            string path = Path.Combine(dir, CneepRunConfig.FileName);
            string json = File.ReadAllText(path);
            Assert.Contains("\"window_input\": \"differences\"", json);
            Assert.Equal([0.04], CneepRunConfig.Load(dir).DifferenceScales);
            var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
            node.Remove("window_input");
            node.Remove("difference_scales");
            File.WriteAllText(path, node.ToJsonString());
            var old = CneepRunConfig.Load(dir);
            Assert.Equal(WindowInputBasis.Frames, old.WindowInput);
            Assert.Null(old.WindowInputBasis.Matrix(2));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
