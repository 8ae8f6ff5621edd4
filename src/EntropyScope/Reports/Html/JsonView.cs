using System.Globalization;
using System.Text.Json;

namespace EntropyScope.Reports.Html;

/// <summary>Turns JSON summaries into name/value rows and formats numbers for tables (invariant culture).</summary>
public static class JsonView
{
    /// <summary>Flattens an object: nested objects as "a.b", arrays of scalars joined (long ones shortened), arrays of objects counted.</summary>
    public static IEnumerable<(string Key, string Value)> Flatten(JsonElement e, string prefix = "", int maxItems = 12)
    {
        if (e.ValueKind != JsonValueKind.Object) { yield return (prefix == "" ? "value" : prefix, Scalar(e)); yield break; }
        foreach (var p in e.EnumerateObject())
        {
            string key = prefix == "" ? p.Name : prefix + "." + p.Name;
            var v = p.Value;
            if (v.ValueKind == JsonValueKind.Object)
                foreach (var kv in Flatten(v, key, maxItems)) yield return kv;
            else if (v.ValueKind == JsonValueKind.Array)
            {
                var items = v.EnumerateArray().ToList();
                if (items.All(i => i.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array)))
                    yield return (key, "[" + string.Join(", ", items.Take(maxItems).Select(Scalar)) + (items.Count > maxItems ? $", … ({items.Count} items)" : "") + "]");
                else
                    yield return (key, $"{items.Count} entries");
            }
            else yield return (key, Scalar(v));
        }
    }

    public static string Scalar(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Number => v.TryGetInt64(out long l) ? l.ToString(CultureInfo.InvariantCulture) : Num(v.GetDouble()),
        JsonValueKind.String => v.GetString() ?? "",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "–",
        _ => v.GetRawText(),
    };

    public static string Num(double v) => double.IsNaN(v) ? "–" : v.ToString("G5", CultureInfo.InvariantCulture);

    public static double? Double(JsonElement? e, string name) =>
        e is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    public static string? String(JsonElement? e, string name) =>
        e is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static double[]? Doubles(JsonElement? e, string name) =>
        e is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.Number ? x.GetDouble() : double.NaN).ToArray()
            : null;

    public static JsonElement? Property(JsonElement? e, string name) =>
        e is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var v) ? v : null;
}
