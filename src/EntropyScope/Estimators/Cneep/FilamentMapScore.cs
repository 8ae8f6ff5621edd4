using System.Text.Json;

namespace EntropyScope.Estimators.Cneep;

/// <summary>How much of the averaged map lies on filaments joining nodes of different temperature, against the truth.</summary>
public sealed record FilamentMapScore(double ShareOnHotColdFilaments, double TrueShare, double Correlation, int FilamentCells);

/// <summary>
/// Filament maps (paper Fig. 4b; estimators.md §2 [assumed] score): every feature cell (centre S·c + S/2 − 1 in
/// image pixels, <see cref="FeatureGrid"/>) within S/√2 pixels (its circumradius) of a filament segment (truth.json bonds, i_pixel/j_pixel, walls skipped) belongs
/// to its nearest filament. Share = Σ⟨Ḣ⟩ on filaments whose ends have different temperatures / Σ⟨Ḣ⟩ on all
/// filaments (truth: the same ratio of exchanged EP rates). Correlation = Pearson r between ⟨Ḣ⟩ and the true σ_ab
/// spread evenly over each filament's cells, over all filament cells.
/// </summary>
public static class FilamentMapScores
{
    public static FilamentMapScore? From(JsonDocument? truth, double[] map, int mapHeight, int mapWidth, int frameHeight, int frameWidth)
    {
        if (truth == null) return null;
        var root = truth.RootElement;
        if (!root.TryGetProperty("model", out var model) || model.GetString() != "filaments") return null;
        if (root.TryGetProperty("observation", out var obs) && obs.TryGetProperty("crop", out var crop) && crop.ValueKind == JsonValueKind.Object) return null;
        if (!root.TryGetProperty("bonds", out var bonds) || !root.TryGetProperty("node_temperatures", out var temps)) return null;
        var t = temps.EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var segments = new List<(double Y0, double X0, double Y1, double X1, bool HotCold, double Sigma)>();
        foreach (var b in bonds.EnumerateArray())
        {
            if (b.TryGetProperty("wall", out var wall) && wall.ValueKind == JsonValueKind.True) continue;
            if (!b.TryGetProperty("i_pixel", out var ip) || !b.TryGetProperty("j_pixel", out var jp)) continue;
            int i = b.GetProperty("i").GetInt32(), j = b.GetProperty("j").GetInt32();
            double sigma = b.TryGetProperty("exchanged_entropy_rate", out var s) ? s.GetDouble() : 0;
            segments.Add((ip[0].GetDouble(), ip[1].GetDouble(), jp[0].GetDouble(), jp[1].GetDouble(), t[i] != t[j], sigma));
        }
        if (segments.Count == 0) return null;
        FeatureGrid gy = FeatureGrid.Of(frameHeight, mapHeight), gx = FeatureGrid.Of(frameWidth, mapWidth);
        double reach = Math.Max(gy.Stride, gx.Stride) / Math.Sqrt(2);
        var owner = new int[map.Length];
        var cells = new int[segments.Count];
        for (int y = 0; y < mapHeight; y++)
            for (int x = 0; x < mapWidth; x++)
            {
                double py = gy.Centre(y), px = gx.Centre(x);
                int best = -1; double bestD = reach;
                for (int k = 0; k < segments.Count; k++)
                {
                    double d = Distance(py, px, segments[k]);
                    if (d <= bestD) { bestD = d; best = k; }
                }
                owner[y * mapWidth + x] = best;
                if (best >= 0) cells[best]++;
            }
        double onHotCold = 0, onAll = 0, trueHotCold = 0, trueAll = 0;
        foreach (var seg in segments) { trueAll += seg.Sigma; if (seg.HotCold) trueHotCold += seg.Sigma; }
        var xs = new List<double>(); var ys = new List<double>();
        for (int p = 0; p < map.Length; p++)
        {
            int k = owner[p];
            if (k < 0) continue;
            onAll += map[p];
            if (segments[k].HotCold) onHotCold += map[p];
            xs.Add(map[p]);
            ys.Add(segments[k].Sigma / cells[k]);
        }
        return new FilamentMapScore(onAll != 0 ? onHotCold / onAll : double.NaN, trueAll != 0 ? trueHotCold / trueAll : double.NaN,
            Pearson(xs, ys), xs.Count);
    }

    private static double Distance(double py, double px, (double Y0, double X0, double Y1, double X1, bool, double) s)
    {
        double dy = s.Y1 - s.Y0, dx = s.X1 - s.X0, len2 = dy * dy + dx * dx;
        double u = len2 > 0 ? Math.Clamp(((py - s.Y0) * dy + (px - s.X0) * dx) / len2, 0, 1) : 0;
        double ey = s.Y0 + u * dy - py, ex = s.X0 + u * dx - px;
        return Math.Sqrt(ey * ey + ex * ex);
    }

    private static double Pearson(List<double> x, List<double> y)
    {
        int n = x.Count;
        if (n < 2) return double.NaN;
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx); syy += (y[i] - my) * (y[i] - my); }
        return sxx > 0 && syy > 0 ? sxy / Math.Sqrt(sxx * syy) : double.NaN;
    }
}
