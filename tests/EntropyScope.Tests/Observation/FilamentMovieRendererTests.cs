using EntropyScope.Models.Filaments;
using EntropyScope.Observation;

namespace EntropyScope.Tests.Observation;

public class FilamentMovieRendererTests
{
    [Fact]
    public void RestNetworkDrawsGridLinesAndWallsToTheBorder()
    {
        var r = new FilamentMovieRenderer(2, FilamentNetwork.BuildFilaments(2));
        Assert.Equal(30, r.Height);
        var frame = new byte[r.FrameSize];
        r.Render(new double[8], frame, new float[r.FrameSize]);
        // Row 7 is a horizontal line through nodes (7,7) and (7,22), continued to both borders by wall filaments.
        for (int c = 0; c < 30; c++) Assert.Equal(255, frame[7 * 30 + c]);
        // One pixel off the line: 255·exp(−1/2) = 154.7 → 155; far from any line: 0.
        Assert.Equal(155, frame[8 * 30 + 12]);
        Assert.Equal(0, frame[14 * 30 + 14]);
    }

    [Fact]
    public void DisplacedNodeMovesItsLines()
    {
        var r = new FilamentMovieRenderer(2, FilamentNetwork.BuildFilaments(2));
        var z = new double[8];
        z[0] = 2.0; // x of node 0 → column 9
        z[1] = -1.0; // y of node 0 → row 6
        var frame = new byte[r.FrameSize];
        r.Render(z, frame, new float[r.FrameSize]);
        Assert.Equal(255, frame[6 * 30 + 9]);
        // The displaced horizontal wall filament runs from (6, 9) to the anchor (7, −8): at column 0 it passes
        // close to row 6.5, so the pixel (7, 0) is bright but no longer on a full line.
        Assert.InRange((int)frame[7 * 30 + 0], 150, 255);
    }

    [Fact]
    public void SegmentDistanceMatchesBruteForce()
    {
        var fils = FilamentNetwork.BuildFilaments(3);
        var r = new FilamentMovieRenderer(3, fils);
        var rng = new EntropyScope.Models.Langevin.Xoshiro256(4);
        var z = Enumerable.Range(0, 18).Select(_ => 1.5 * rng.NextGaussian()).ToArray();
        var frame = new byte[r.FrameSize];
        r.Render(z, frame, new float[r.FrameSize]);
        for (int row = 0; row < 45; row++)
            for (int col = 0; col < 45; col++)
            {
                double best = 0;
                foreach (var f in fils)
                {
                    var (ra, ca) = r.RestPosition(f.A);
                    (double pr, double pc) = (ra + z[2 * f.A + 1], ca + z[2 * f.A]);
                    (double qr, double qc) = f.IsWall ? r.RestEnd(f) : (r.RestPosition(f.B).Row + z[2 * f.B + 1], r.RestPosition(f.B).Column + z[2 * f.B]);
                    double d = Distance(row, col, pr, pc, qr, qc);
                    best = Math.Max(best, 255 * Math.Exp(-d * d / 2));
                }
                Assert.True(Math.Abs(best - frame[row * 45 + col]) <= 0.5 + 1e-3, $"({row},{col}) {best} vs {frame[row * 45 + col]}");
            }
    }

    private static double Distance(double r, double c, double pr, double pc, double qr, double qc)
    {
        // Sampled brute force along the segment (independent of the renderer's projection formula).
        double best = double.MaxValue;
        for (int k = 0; k <= 4000; k++)
        {
            double t = k / 4000.0;
            double dr = r - (pr + t * (qr - pr)), dc = c - (pc + t * (qc - pc));
            best = Math.Min(best, Math.Sqrt(dr * dr + dc * dc));
        }
        return best;
    }
}
