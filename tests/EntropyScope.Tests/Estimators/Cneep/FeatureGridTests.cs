using EntropyScope.Estimators.Cneep;

namespace EntropyScope.Tests.Estimators.Cneep;

public class FeatureGridTests
{
    [Fact]
    public void The_grid_is_recovered_from_frame_and_map_sizes_for_every_depth()
    {
        for (int depth = 2; depth <= 4; depth++)
            for (int side = CneepArchitecture.MinimumSize(depth); side <= 130; side++)
            {
                var (_, _, w) = new CneepArchitecture(2, 20, side, 1, depth).FeatureShape;
                Assert.Equal(1 << depth, FeatureGrid.Of(side, w).Stride);
            }
        Assert.Equal(8.0 * 8 + 3, FeatureGrid.Of(100, 12).Centre(8));   // not 8.33·8 + 3.67: floor mode drops 4 px
        Assert.Throws<ArgumentException>(() => FeatureGrid.Of(100, 13));
    }

    [Fact]
    public void Cell_of_inverts_centre()
    {
        var g = new FeatureGrid(8);
        for (int c = 0; c < 5; c++) Assert.Equal(c, g.CellOf(g.Centre(c)), 12);
    }

    /// <summary>
    /// The cells of the dissipation map that change when one pixel of the window changes are exactly those whose
    /// receptive field (23 px at depth 2, 59 px at depth 3, 43 px at depth 3 with one convolution in the last block, 31 px
    /// at depth 2 and 75 px at depth 3 with a 5×5 first convolution in the last block: conv1 5, pool +2, k×k convolutions
    /// +(k − 1)s, later pools +s)
    /// centred on <see cref="FeatureGrid.Centre"/> covers that pixel — in rows and in columns.
    /// </summary>
    [Theory]
    [InlineData(2, 23, 30, 37)]
    [InlineData(2, 23, 33, 50)]
    [InlineData(3, 59, 30, 37)]
    [InlineData(3, 59, 45, 66)]
    [InlineData(3, 43, 30, 37, 1)]
    [InlineData(3, 43, 45, 66, 1)]
    [InlineData(2, 31, 30, 37, 2, 5)]
    [InlineData(2, 31, 33, 50, 2, 5)]
    [InlineData(3, 75, 45, 66, 2, 5)]
    public void Map_cells_change_exactly_where_their_receptive_field_covers_the_pixel(int depth, int field, int py, int px, int lastBlockConvs = 2,
        int lastBlockFirstKernel = 3)
    {
        const int h = 100, w = 100, n = 2;
        var net = new CneepNetwork(new CneepArchitecture(n, h, w, 8, depth, lastBlockConvs, lastBlockFirstKernel), 1, seed: 4, threads: 1);
        var (mh, mw) = net.MapShape;
        var rng = new Random(2);
        var x = new float[n * h * w];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        var before = new float[mh * mw];
        net.ForwardWithMaps(x, 1, new float[1], before);
        x[py * w + px] += 25f;   // frame 0, far outside the other pixels' range so the change passes the max-pools
        var after = new float[mh * mw];
        net.ForwardWithMaps(x, 1, new float[1], after);

        FeatureGrid gy = FeatureGrid.Of(h, mh), gx = FeatureGrid.Of(w, mw);
        int reach = (field - 1) / 2;
        for (int y = 0; y < mh; y++)
            for (int c = 0; c < mw; c++)
            {
                bool covered = Math.Abs(gy.Centre(y) - py) <= reach && Math.Abs(gx.Centre(c) - px) <= reach;
                Assert.True(covered == (before[y * mw + c] != after[y * mw + c]),
                    $"cell ({y}, {c}) centred at ({gy.Centre(y)}, {gx.Centre(c)}): covered {covered}, changed {before[y * mw + c] != after[y * mw + c]}");
            }
    }
}
