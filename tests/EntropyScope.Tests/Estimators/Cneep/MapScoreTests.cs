using System.Text.Json;
using EntropyScope.Estimators.Cneep;

namespace EntropyScope.Tests.Estimators.Cneep;

public class MapScoreTests
{
    [Fact]
    public void Bead_bond_regions_follow_the_column_rule()
    {
        // N = 2 beads, 20×40 frame → 5×10 map; column centres 4c + 1 in [10, 30): c = 3..7 are bond 0–1
        using var truth = JsonDocument.Parse("""{"model":"bead-spring","bonds":[{"i":0,"j":1,"coupling":1,"exchanged_entropy_rate":2.025}]}""");
        double[] Map(double scale)
        {
            var map = new double[50];
            for (int y = 0; y < 5; y++) for (int x = 0; x < 10; x++) map[y * 10 + x] = scale * x;   // value ∝ column index
            return map;
        }
        // movie 0 has 3 windows, movie 1 has 1: the ensemble value weights movies by their windows
        var d = new DissipationMap { WindowOutputs = [new float[3], new float[1]], MapPerMovie = [Map(1), Map(2)], MapHeight = 5, MapWidth = 10 };
        var b = Assert.Single(ExchangedEntropy.FromMaps(truth, [d], 40)!);
        const double region = (3 + 4 + 5 + 6 + 7) * 5;
        Assert.Equal(region * (3 * 1 + 1 * 2) / 4.0, b.PerEstimator[0], 9);
        Assert.Equal([region, 2 * region], b.PerEstimatorPerMovie[0]);
        Assert.Equal(2.025, b.True);
        Assert.Equal((0, 1.0), (b.Bead0, b.Coupling));
        Assert.Equal(20, b.RegionWidthPixels);
    }

    [Theory]
    // N = 5 chain, 20×100 frames. Depth 2: 25 cells of 4 px, five per bond. Depth 3: 12 cells of 8 px centred at
    // 8c + 3, so [10, 30) holds 11, 19, 27; [30, 50) 35, 43; [50, 70) 51, 59, 67; [70, 90) 75, 83.
    [InlineData(2, 25, new[] { 20, 20, 20, 20 })]
    [InlineData(3, 12, new[] { 24, 16, 24, 16 })]
    public void Bond_regions_report_the_width_of_frame_they_cover(int depth, int mapWidth, int[] widths)
    {
        var (_, mapHeight, width) = new CneepArchitecture(2, 20, 100, 1, depth).FeatureShape;
        Assert.Equal(mapWidth, width);
        using var truth = JsonDocument.Parse("""{"model":"bead-spring","bonds":[{"i":0,"j":1},{"i":1,"j":2},{"i":2,"j":3},{"i":3,"j":4}]}""");
        var d = new DissipationMap { WindowOutputs = [new float[1]], MapPerMovie = [new double[mapHeight * mapWidth]], MapHeight = mapHeight, MapWidth = mapWidth };
        Assert.Equal(widths, ExchangedEntropy.FromMaps(truth, [d], 100)!.Select(b => b.RegionWidthPixels));
    }

    [Fact]
    public void Filament_share_counts_the_map_on_hot_cold_filaments()
    {
        // two horizontal filaments in a 16×16 frame (4×4 map): row 2 joins a hot and a cold node, row 13 two cold nodes
        using var truth = JsonDocument.Parse("""
            {"model":"filaments","node_temperatures":[5,1,1,1],
             "bonds":[{"i":0,"j":1,"i_pixel":[1.5,0],"j_pixel":[1.5,15],"exchanged_entropy_rate":1.0},
                      {"i":2,"j":3,"i_pixel":[13.5,0],"j_pixel":[13.5,15],"exchanged_entropy_rate":0.0}]}
            """);
        var map = new double[16];
        for (int x = 0; x < 4; x++) { map[x] = 0.25; map[12 + x] = 0.0; }
        var s = FilamentMapScores.From(truth, map, 4, 4, 16, 16)!;
        Assert.Equal(1.0, s.ShareOnHotColdFilaments, 9);
        Assert.Equal(1.0, s.TrueShare, 9);
        Assert.Equal(1.0, s.Correlation, 9);
        Assert.Equal(8, s.FilamentCells);
    }
}
