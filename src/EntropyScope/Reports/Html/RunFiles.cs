using System.Globalization;
using System.Text.Json;
using EntropyScope.IO;

namespace EntropyScope.Reports.Html;

/// <summary>
/// Tolerant readers for the files of an output folder: a missing or unreadable file becomes a "missing" note on the
/// page (with what it was needed for) and a null result, never an exception — the report of an unfinished run must
/// still render.
/// </summary>
public sealed class RunFiles(HtmlPage page)
{
    public JsonElement? Json(string path, string neededFor)
    {
        if (!File.Exists(path)) { page.MissingNote($"{path} (needed for {neededFor})"); return null; }
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            return doc.RootElement.Clone();
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            page.MissingNote($"{path} is unreadable ({FirstLine(e.Message)}; needed for {neededFor})");
            return null;
        }
    }

    /// <summary>An NPY array converted to float64, with its shape; null (and a note) when absent or unreadable.</summary>
    public (double[] Data, int[] Shape)? Npy(string path, string neededFor)
    {
        if (!File.Exists(path)) { page.MissingNote($"{path} (needed for {neededFor})"); return null; }
        try
        {
            using var a = NpyArray.Open(path);
            return (a.ReadAll<double>(), a.Shape);
        }
        catch (Exception e) when (e is InputException or IOException or InvalidDataException or NotSupportedException or ArgumentException)
        {
            page.MissingNote($"{path} is unreadable ({FirstLine(e.Message)}; needed for {neededFor})");
            return null;
        }
    }

    /// <summary>A CSV with a header row: column name → values (numbers parsed invariantly; blanks and text become NaN).</summary>
    public (string[] Header, List<string[]> Rows)? Csv(string path, string neededFor)
    {
        if (!File.Exists(path)) { page.MissingNote($"{path} (needed for {neededFor})"); return null; }
        try
        {
            var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
            if (lines.Count == 0) { page.MissingNote($"{path} is empty (needed for {neededFor})"); return null; }
            return (lines[0].Split(','), lines.Skip(1).Select(l => l.Split(',')).ToList());
        }
        catch (IOException e)
        {
            page.MissingNote($"{path} is unreadable ({FirstLine(e.Message)}; needed for {neededFor})");
            return null;
        }
    }

    public static double Number(string s) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : double.NaN;

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();
}
