using System.Globalization;
using EntropyScope.IO;

namespace EntropyScope.Estimators.ActiveNoise;

/// <summary>
/// 1D tracer trajectories for classification: NPY of shape (L), (M, L) or (M, L, 1) (any numeric dtype), or CSV with
/// one trajectory per row (comma/semicolon/whitespace separated; rows may differ in length) or a single column
/// (one trajectory). A non-numeric first line is taken as a header. NaN/Inf and too-short rows are rejected.
/// </summary>
public static class TrajectoryInput
{
    public static List<double[]> Read(string path, int minimumLength)
    {
        if (!File.Exists(path)) throw new InputException($"{path}: file not found");
        var list = path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase) ? ReadNpy(path) : ReadCsv(path);
        if (list.Count == 0) throw new InputException($"{path}: no trajectories found");
        for (int i = 0; i < list.Count; i++)
        {
            if (list[i].Length < minimumLength)
                throw new InputException($"{path}: trajectory {i} has {list[i].Length} steps; at least {minimumLength} are needed");
            for (int t = 0; t < list[i].Length; t++)
                if (!double.IsFinite(list[i][t]))
                    throw new InputException($"{path}: trajectory {i} step {t} is {list[i][t]} (NaN/Inf not allowed)");
        }
        return list;
    }

    private static List<double[]> ReadNpy(string path)
    {
        using var a = NpyArray.Open(path);
        var shape = a.Shape;
        (int m, int l) = shape.Length switch
        {
            1 => (1, shape[0]),
            2 => (shape[0], shape[1]),
            3 when shape[2] == 1 => (shape[0], shape[1]),
            _ => throw new InputException($"{path}: expected shape (L), (M, L) or (M, L, 1) of 1D positions, got ({string.Join(", ", shape)})"),
        };
        var list = new List<double[]>(m);
        for (int i = 0; i < m; i++)
        {
            var row = new double[l];
            if (l > 0) a.CopyTo<double>((long)i * l, row);
            list.Add(row);
        }
        return list;
    }

    private static List<double[]> ReadCsv(string path)
    {
        var rows = new List<double[]>();
        var separators = new[] { ',', ';', '\t', ' ' };
        int lineNo = 0;
        foreach (string raw in File.ReadLines(path))
        {
            lineNo++;
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var cells = line.Split(separators, StringSplitOptions.RemoveEmptyEntries);
            var row = new double[cells.Length];
            bool numeric = true;
            for (int k = 0; k < cells.Length && numeric; k++)
                numeric = double.TryParse(cells[k], NumberStyles.Float, CultureInfo.InvariantCulture, out row[k]);
            if (!numeric)
            {
                if (rows.Count == 0 && lineNo == 1) continue;   // header
                throw new InputException($"{path}: line {lineNo} is not numeric: '{Shorten(line)}'");
            }
            rows.Add(row);
        }
        if (rows.Count > 1 && rows.All(r => r.Length == 1)) return [rows.Select(r => r[0]).ToArray()];
        return rows;
    }

    private static string Shorten(string s) => s.Length > 40 ? s[..40] + "…" : s;
}
