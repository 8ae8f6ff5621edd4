using System.Globalization;
using EntropyScope.Estimators.MaxEnt.Observables;
using EntropyScope.IO;

namespace EntropyScope.Estimators.MaxEnt.Inputs;

/// <summary>
/// Binary spike trains → pairwise antisymmetric observables on consecutive bins (estimators.md §4 "Spike trains"):
/// a T × N NPY raster (nonzero = spike) or a CSV of spike times `unit,time` binned with a given width.
/// </summary>
public static class SpikeTrainFile
{
    public static PairwiseSpikeObservables Load(string path, double? binWidth, bool pairs = true)
    {
        if (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".txt", StringComparison.OrdinalIgnoreCase))
        {
            if (binWidth is not { } w || !(w > 0)) throw new InputException($"{path}: spike-time CSV needs --bin WIDTH (a positive bin width in the time unit of the file)");
            return FromCsv(path, w, pairs);
        }
        using var a = NpyArray.Open(path);
        if (a.Shape.Length != 2) throw new InputException($"{path}: a spike raster must be T × N (got shape ({string.Join(", ", a.Shape)}))");
        int t = a.Shape[0], n = a.Shape[1];
        if (t < 2 || n < 1) throw new InputException($"{path}: a spike raster needs at least 2 bins and 1 unit (got {t} × {n})");
        var raster = new byte[(long)t * n];
        var row = new double[n];
        for (int k = 0; k < t; k++)
        {
            a.CopyTo<double>((long)k * n, row);
            for (int i = 0; i < n; i++)
            {
                if (!double.IsFinite(row[i])) throw new InputException($"{path}: non-finite value at bin {k}, unit {i}");
                raster[(long)k * n + i] = row[i] != 0 ? (byte)1 : (byte)0;
            }
        }
        return PairwiseSpikeObservables.FromRaster(raster, t, n, pairs);
    }

    private static PairwiseSpikeObservables FromCsv(string path, double bin, bool pairs)
    {
        if (!File.Exists(path)) throw new InputException($"{path}: file not found");
        var spikes = new List<(int Unit, double Time)>();
        int line = 0;
        foreach (var raw in File.ReadLines(path))
        {
            line++;
            var s = raw.Trim();
            if (s.Length == 0 || s.StartsWith('#')) continue;
            var parts = s.Split(',', StringSplitOptions.TrimEntries);
            if (parts.Length < 2) throw new InputException($"{path}:{line}: expected 'unit,time', got '{s}'");
            if (!int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int u) ||
                !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double time))
            {
                if (line == 1) continue; // header
                throw new InputException($"{path}:{line}: expected 'unit,time' with an integer unit and a numeric time, got '{s}'");
            }
            if (!double.IsFinite(time)) throw new InputException($"{path}:{line}: non-finite spike time");
            spikes.Add((u, time));
        }
        if (spikes.Count == 0) throw new InputException($"{path}: no spikes");
        var ids = spikes.Select(p => p.Unit).Distinct().Order().ToArray();
        var index = ids.Select((u, i) => (u, i)).ToDictionary(p => p.u, p => p.i);
        // bin b holds times in [b·width, (b+1)·width); bins before the first spike are dropped
        long b0 = (long)Math.Floor(spikes.Min(p => p.Time) / bin);
        long bins = (long)Math.Floor(spikes.Max(p => p.Time) / bin) - b0 + 1;
        if (bins < 2) throw new InputException($"{path}: all spikes fall in one bin of width {bin}; use a smaller --bin");
        if (bins > int.MaxValue / 2) throw new InputException($"{path}: --bin {bin} gives {bins} bins; use a larger bin width");
        var perBin = new List<int>[bins];
        foreach (var (u, time) in spikes)
        {
            long b = (long)Math.Floor(time / bin) - b0;
            (perBin[b] ??= []).Add(index[u]);
        }
        var start = new int[bins + 1];
        var list = new List<int>();
        for (long b = 0; b < bins; b++)
        {
            if (perBin[b] is { } l) list.AddRange(l.Distinct().Order()); // binary indicator: several spikes in a bin count once
            start[b + 1] = list.Count;
        }
        return new PairwiseSpikeObservables(ids.Length, (int)bins, start, list.ToArray(), pairs);
    }
}
