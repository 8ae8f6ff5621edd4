using System.Text.Json;

namespace EntropyScope.Estimators.Cneep;

/// <summary>One bond's exchanged EP rate read off the map, beside the truth.</summary>
public sealed record BondEstimate(int I, int J, double[] PerEstimator, double? True);

/// <summary>
/// Exchanged EP per bond from the averaged map (paper Fig. 3c–d; region rule of estimators.md §2): feature column c
/// has image centre x_c = s·c + (s − 1)/2 with s = W / W_f (4 for Table I); it belongs to bond (b, b+1) (beads 0-based,
/// bead b drawn at column 10 + 20b) when 10 + 20b ≤ x_c &lt; 10 + 20(b + 1). σ̂_θ,b = Σ over those columns of ⟨Ḣ⟩.
/// Only for uncropped bead-spring movies with bonds in truth.json; otherwise null.
/// </summary>
public static class ExchangedEntropy
{
    public const int Spacing = 20, FirstCentre = 10;

    public static IReadOnlyList<BondEstimate>? FromMaps(JsonDocument? truth, IReadOnlyList<double[]> meanMapPerEstimator, int mapHeight, int mapWidth, int frameWidth)
    {
        if (truth == null) return null;
        var root = truth.RootElement;
        if (!root.TryGetProperty("model", out var model) || !(model.GetString() ?? "").Contains("bead", StringComparison.OrdinalIgnoreCase)) return null;
        if (root.TryGetProperty("observation", out var obs) && obs.TryGetProperty("crop", out var crop) && crop.ValueKind == JsonValueKind.Object) return null;
        if (!root.TryGetProperty("bonds", out var bonds) || bonds.ValueKind != JsonValueKind.Array) return null;
        var list = bonds.EnumerateArray().Select(b => (I: b.GetProperty("i").GetInt32(), J: b.GetProperty("j").GetInt32(),
            Rate: b.TryGetProperty("exchanged_entropy_rate", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetDouble() : (double?)null)).ToList();
        list.RemoveAll(b => b.I < 0 || b.J < 0);   // wall springs have no region between two beads
        if (list.Count == 0) return null;
        int origin = list.Min(b => Math.Min(b.I, b.J)) == 0 ? 0 : 1;   // accept 0- or 1-based bead indices
        double stride = (double)frameWidth / mapWidth;
        var result = new List<BondEstimate>();
        foreach (var (i, j, rate) in list)
        {
            int lo = Math.Min(i, j) - origin;
            if (Math.Abs(i - j) != 1) continue;   // only chain neighbours have a map region between them
            double x0 = FirstCentre + Spacing * lo, x1 = x0 + Spacing;
            var per = new double[meanMapPerEstimator.Count];
            for (int k = 0; k < per.Length; k++)
                for (int c = 0; c < mapWidth; c++)
                {
                    double xc = stride * c + (stride - 1) / 2;
                    if (xc < x0 || xc >= x1) continue;
                    for (int y = 0; y < mapHeight; y++) per[k] += meanMapPerEstimator[k][y * mapWidth + c];
                }
            result.Add(new BondEstimate(i, j, per, rate));
        }
        return result;
    }
}
