using System.Text.Json;

namespace EntropyScope.Estimators.Cneep;

/// <summary>
/// One bond's exchanged EP rate read off the maps: the ensemble-wide value per estimator, per estimator and movie
/// ([k][m]), and the analytic truth. Bead0 is the bond's left bead, 0-based (its trajectory column). RegionWidthPixels is
/// how much of the frame the bond's columns cover (columns × S): the bead spacing, 20 px, only when S divides it.
/// </summary>
public sealed record BondEstimate(int I, int J, int Bead0, double Coupling, double[] PerEstimator, double[][] PerEstimatorPerMovie, double? True,
    int RegionWidthPixels);

/// <summary>
/// Exchanged EP per bond from the averaged map (paper Fig. 3c–d; region rule of estimators.md §2): feature column c
/// has image centre x_c = S·c + S/2 − 1 (<see cref="FeatureGrid"/>; S = 4 for Table I); it belongs to bond (b, b+1) (beads 0-based,
/// bead b drawn at column 10 + 20b) when 10 + 20b ≤ x_c &lt; 10 + 20(b + 1). σ̂_θ,b = Σ over those columns of ⟨Ḣ⟩.
/// Only for uncropped bead-spring movies with bonds in truth.json; otherwise null.
/// The rule is even only when the cell spacing S divides the 20-px bead spacing (depth 2: five 4-px columns per bond).
/// At depth 3 (S = 8) the bonds of a 100-px frame get 3, 2, 3, 2 columns, and a cell over a bead falls wholly into one
/// of its two bonds, so the regions are unequal; each bond's <see cref="BondEstimate.RegionWidthPixels"/> says so.
/// </summary>
public static class ExchangedEntropy
{
    public const int Spacing = 20, FirstCentre = 10;

    public static IReadOnlyList<BondEstimate>? FromMaps(JsonDocument? truth, IReadOnlyList<DissipationMap> perEstimator, int frameWidth)
    {
        if (truth == null) return null;
        var root = truth.RootElement;
        if (!root.TryGetProperty("model", out var model) || !(model.GetString() ?? "").Contains("bead", StringComparison.OrdinalIgnoreCase)) return null;
        if (root.TryGetProperty("observation", out var obs) && obs.TryGetProperty("crop", out var crop) && crop.ValueKind == JsonValueKind.Object) return null;
        if (!root.TryGetProperty("bonds", out var bonds) || bonds.ValueKind != JsonValueKind.Array) return null;
        var list = bonds.EnumerateArray().Select(b => (I: b.GetProperty("i").GetInt32(), J: b.GetProperty("j").GetInt32(),
            Coupling: b.TryGetProperty("coupling", out var k) && k.ValueKind == JsonValueKind.Number ? k.GetDouble() : double.NaN,
            Rate: b.TryGetProperty("exchanged_entropy_rate", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetDouble() : (double?)null)).ToList();
        list.RemoveAll(b => b.I < 0 || b.J < 0);   // wall springs have no region between two beads
        if (list.Count == 0) return null;
        int origin = list.Min(b => Math.Min(b.I, b.J)) == 0 ? 0 : 1;   // accept 0- or 1-based bead indices
        int mapHeight = perEstimator[0].MapHeight, mapWidth = perEstimator[0].MapWidth;
        var grid = FeatureGrid.Of(frameWidth, mapWidth);
        var meanMaps = perEstimator.Select(d => d.Mean()).ToArray();   // once, not once per bond
        var result = new List<BondEstimate>();
        foreach (var (i, j, coupling, rate) in list)
        {
            int lo = Math.Min(i, j) - origin;
            if (Math.Abs(i - j) != 1) continue;   // only chain neighbours have a map region between them
            double x0 = FirstCentre + Spacing * lo, x1 = x0 + Spacing;
            var columns = Enumerable.Range(0, mapWidth).Where(c => grid.Centre(c) is var xc && xc >= x0 && xc < x1).ToArray();
            double RegionSum(double[] map) => columns.Sum(c => Enumerable.Range(0, mapHeight).Sum(y => map[y * mapWidth + c]));
            var per = meanMaps.Select(RegionSum).ToArray();
            var perMovie = perEstimator.Select(d => d.MapPerMovie.Select(RegionSum).ToArray()).ToArray();
            result.Add(new BondEstimate(i, j, lo, coupling, per, perMovie, rate, columns.Length * grid.Stride));
        }
        return result;
    }
}
