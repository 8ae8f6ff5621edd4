using EntropyScope.Observation;

namespace EntropyScope.Tests.Observation;

public class BeadMovieRendererTests
{
    [Fact]
    public void FrameShapeAndPeak()
    {
        var r = new BeadMovieRenderer(2, 1, [1, 1]);
        Assert.Equal(20, BeadMovieRenderer.FrameHeight);
        Assert.Equal(40, r.Width);
        var frame = new byte[r.FrameSize];
        r.Render([0, 0], frame, new float[r.FrameSize]);
        Assert.Equal(255, frame[10 * 40 + 10]);
        Assert.Equal(255, frame[10 * 40 + 30]);
        // One pixel away along the row: 255·exp(−1/18) = 241.2 → 241.
        Assert.Equal(241, frame[10 * 40 + 11]);
        Assert.Equal(0, frame[0]);
    }

    [Theory]
    [InlineData(0.0, 0.0, 0.0)]
    [InlineData(0.37, -0.81, 0.52)]
    [InlineData(-0.95, 0.99, -0.13)]
    public void SpotCentroidsSitOnTheBeads(double z0, double z1, double z2)
    {
        // Stationary std 2 per bead with std = 1: z̃ = z/2 ... use std 2 so z̃ = z.
        var r = new BeadMovieRenderer(3, 2, [2, 2, 2]);
        double[] z = [z0, z1, z2];
        var frame = new byte[r.FrameSize];
        r.Render(z, frame, new float[r.FrameSize]);
        for (int i = 0; i < 3; i++)
        {
            double c = r.CentreColumn(i, z[i]);
            Assert.Equal(10 + 20 * i + z[i], c, 12);
            // Intensity-weighted centroid over a window of ±7 columns around the spot (all rows).
            double sum = 0, sumC = 0, sumR = 0;
            int c0 = (int)Math.Round(c) - 7, c1 = (int)Math.Round(c) + 7;
            for (int row = 0; row < 20; row++)
                for (int col = c0; col <= c1; col++)
                {
                    double v = frame[row * r.Width + col];
                    sum += v; sumC += v * col; sumR += v * row;
                }
            Assert.True(Math.Abs(sumC / sum - c) < 0.05, $"bead {i}: centroid {sumC / sum} vs {c}");
            Assert.True(Math.Abs(sumR / sum - 10) < 0.05, $"bead {i}: row centroid {sumR / sum}");
        }
    }

    [Fact]
    public void CutoffIsExactAgainstFullEvaluation()
    {
        var r = new BeadMovieRenderer(2, 1.3, [0.9, 1.7]);
        double[] z = [1.234, -2.5];
        var frame = new byte[r.FrameSize];
        r.Render(z, frame, new float[r.FrameSize]);
        for (int row = 0; row < 20; row++)
            for (int col = 0; col < 40; col++)
            {
                double best = 0;
                for (int i = 0; i < 2; i++)
                {
                    double dc = col - r.CentreColumn(i, z[i]), dr = row - 10;
                    best = Math.Max(best, 255 * Math.Exp(-(dr * dr + dc * dc) / 18));
                }
                Assert.Equal((int)Math.Round(best, MidpointRounding.AwayFromZero), frame[row * 40 + col]);
            }
    }

    [Fact]
    public void SumOverlapSaturates()
    {
        var r = new BeadMovieRenderer(2, 1, [1, 1], Overlap.Sum);
        var frame = new byte[r.FrameSize];
        // Beads pushed 10 px toward each other meet at column 20: 255 + 255 saturates to 255.
        r.Render([10, -10], frame, new float[r.FrameSize]);
        Assert.Equal(255, frame[10 * 40 + 20]);
        // Between them at distance 3 from each: max gives 155, sum gives 255 (saturated).
        r.Render([8.5, -8.5], frame, new float[r.FrameSize]);
        Assert.Equal(255, frame[10 * 40 + 20]);
    }

    [Fact]
    public void BadStdRejected() => Assert.Throws<InputException>(() => new BeadMovieRenderer(2, 0, [1, 1]));
}
