using System.Globalization;

namespace EntropyScope.IO;

/// <summary>
/// Reads trajectories from delimited text (the layout is documented in docs/files.md):
/// comma-, tab- or whitespace-separated columns; '#' lines and blank lines are skipped; an optional header row
/// names the columns. Header names (case-insensitive): <c>trajectory</c>/<c>track</c>/<c>particle</c>/<c>id</c>
/// = trajectory id (rows of one trajectory consecutive, in time order); <c>t</c>/<c>time</c>/<c>step</c>/<c>frame</c>
/// = ignored; <c>state</c> = the only data column, integer discrete states; every other column is a coordinate.
/// Without a header every column is a coordinate of one trajectory.
/// </summary>
internal static class CsvTrajectories
{
    private static readonly HashSet<string> IdNames = new(StringComparer.OrdinalIgnoreCase) { "trajectory", "track", "particle", "id" };
    private static readonly HashSet<string> TimeNames = new(StringComparer.OrdinalIgnoreCase) { "t", "time", "step", "frame" };

    private enum Role { Coordinate, Id, Ignored, State }

    public static ITrajectorySet Read(string path)
    {
        IEnumerable<string> lines;
        try { lines = File.ReadLines(path); }
        catch (IOException e) { throw new InputException($"{path}: cannot read: {e.Message}"); }
        catch (UnauthorizedAccessException) { throw new InputException($"{path}: permission denied"); }

        Func<string, string[]>? split = null;
        Role[]? roles = null;
        string[]? names = null;
        int dimension = 0;
        bool discrete = false;
        var trajectories = new List<(string Id, List<float> Values)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int lineNo = 0;
        try
        {
            foreach (string raw in lines)
            {
                lineNo++;
                string line = raw.Trim();
                if (line.Length == 0 || line[0] == '#') continue;
                split ??= Splitter(line);
                string[] fields = split(line);
                if (roles is null)
                {
                    // A header has a field that is not a number; "nan"/"inf" count as numbers so that a headerless
                    // file whose first row holds a NaN is reported, not silently taken for a header.
                    bool header = fields.Any(f => !IsNumberLike(f));
                    names = header ? fields : [.. Enumerable.Range(0, fields.Length).Select(i => $"column {i + 1}")];
                    roles = header ? [.. fields.Select(RoleOf)] : [.. fields.Select(_ => Role.Coordinate)];
                    if (roles.Count(r => r == Role.Id) > 1) throw new InputException($"{path}: line {lineNo}: more than one trajectory-id column");
                    discrete = roles.Contains(Role.State);
                    dimension = roles.Count(r => r is Role.Coordinate or Role.State);
                    if (discrete && dimension != 1)
                        throw new InputException($"{path}: line {lineNo}: a 'state' column must be the only data column (found {dimension} data columns)");
                    if (dimension == 0) throw new InputException($"{path}: line {lineNo}: no coordinate columns");
                    if (header) continue;
                }
                if (fields.Length != roles.Length)
                    throw new InputException($"{path}: line {lineNo}: {fields.Length} fields, expected {roles.Length} like the first row");
                string id = "";
                for (int c = 0; c < fields.Length; c++) if (roles[c] == Role.Id) id = fields[c];
                if (trajectories.Count == 0 || trajectories[^1].Id != id)
                {
                    if (!seen.Add(id))
                        throw new InputException($"{path}: line {lineNo}: trajectory '{id}' appears again after other trajectories; keep each trajectory's rows together");
                    trajectories.Add((id, new List<float>()));
                }
                var values = trajectories[^1].Values;
                for (int c = 0; c < fields.Length; c++)
                {
                    if (roles[c] is Role.Id or Role.Ignored) continue;
                    values.Add(roles[c] == Role.State ? ParseState(fields[c], path, lineNo, names![c]) : ParseCoordinate(fields[c], path, lineNo, names![c]));
                }
            }
        }
        catch (IOException e) { throw new InputException($"{path}: cannot read: {e.Message}"); }
        if (trajectories.Count == 0) throw new InputException($"{path}: no data rows");
        foreach (var (id, values) in trajectories)
            if (values.Count / dimension < 2)
                throw new InputException($"{path}: trajectory '{id}' has {values.Count / dimension} step(s); at least 2 are needed");
        return new InMemoryTrajectorySet(dimension, discrete, [.. trajectories.Select(t => t.Values.ToArray())]);
    }

    private static Role RoleOf(string name) =>
        IdNames.Contains(name) ? Role.Id
        : TimeNames.Contains(name) ? Role.Ignored
        : name.Equals("state", StringComparison.OrdinalIgnoreCase) ? Role.State
        : Role.Coordinate;

    private static Func<string, string[]> Splitter(string firstLine)
    {
        char? sep = firstLine.Contains(',') ? ',' : firstLine.Contains('\t') ? '\t' : firstLine.Contains(';') ? ';' : null;
        // One trailing separator ("1,2,") is tolerated, as spreadsheets write it.
        if (sep is char s) return l => l.TrimEnd(s).Split(s, StringSplitOptions.TrimEntries);
        return l => l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
    }

    private static bool IsNumberLike(string f) =>
        double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
        || f.ToLowerInvariant().TrimStart('+', '-') is "nan" or "inf" or "infinity";

    private static float ParseCoordinate(string f, string path, int line, string column)
    {
        if (!double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
        {
            string lower = f.ToLowerInvariant().TrimStart('+', '-');
            if (lower is "nan" or "inf" or "infinity")
                throw new InputException($"{path}: line {line}, column '{column}': '{f}' is not finite; trajectories must be finite");
            throw new InputException($"{path}: line {line}, column '{column}': '{f}' is not a number");
        }
        if (!double.IsFinite(v) || !float.IsFinite((float)v))
            throw new InputException($"{path}: line {line}, column '{column}': '{f}' is not finite (as float32); trajectories must be finite");
        return (float)v;
    }

    private static float ParseState(string f, string path, int line, string column)
    {
        if (!long.TryParse(f, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v))
            throw new InputException($"{path}: line {line}, column '{column}': discrete state '{f}' is not an integer");
        if (Math.Abs(v) > 1 << 24)
            throw new InputException($"{path}: line {line}, column '{column}': discrete state {v} is too large (|state| ≤ 2^24)");
        return v;
    }
}
