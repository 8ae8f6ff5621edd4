namespace EntropyScope.Reports.Html;

/// <summary>
/// Inlines the SVG figures a verb already wrote into its output folder (they come from Reports.Plots). A file that
/// could reach outside the page (script, foreign object, external href) is left out with a note, so the report stays
/// self-contained and script-free whatever the folder holds.
/// </summary>
public static class FolderFigures
{
    private const long MaxBytes = 4_000_000;

    public static void Inline(HtmlPage page, string folder, string captionPrefix)
    {
        foreach (string path in Directory.GetFiles(folder, "*.svg").Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(path);
            if (new FileInfo(path).Length > MaxBytes) { page.Paragraph($"{name}: larger than {MaxBytes / 1_000_000} MB, not inlined.", "note"); continue; }
            string svg = File.ReadAllText(path).Trim();
            if (svg.StartsWith("<?xml", StringComparison.Ordinal)) svg = svg[(svg.IndexOf("?>", StringComparison.Ordinal) + 2)..].TrimStart();
            if (!svg.StartsWith("<svg", StringComparison.Ordinal) || IsUnsafe(svg))
            {
                page.Paragraph($"{name}: not a plain SVG figure (scripts or external references), not inlined.", "note");
                continue;
            }
            page.Svg(svg, $"{captionPrefix}{name}");
        }
    }

    public static bool IsUnsafe(string svg) =>
        svg.Contains("<script", StringComparison.OrdinalIgnoreCase) || svg.Contains("<foreignObject", StringComparison.OrdinalIgnoreCase) ||
        svg.Contains("href=", StringComparison.OrdinalIgnoreCase) || svg.Contains(" on", StringComparison.OrdinalIgnoreCase) && HasEventAttribute(svg) ||
        svg.Contains("@import", StringComparison.OrdinalIgnoreCase) || svg.Contains("url(http", StringComparison.OrdinalIgnoreCase);

    private static bool HasEventAttribute(string svg) =>
        System.Text.RegularExpressions.Regex.IsMatch(svg, @"\son[a-z]+\s*=", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
}
