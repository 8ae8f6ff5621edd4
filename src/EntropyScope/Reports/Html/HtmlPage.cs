using System.Globalization;
using System.Net;
using System.Text;

namespace EntropyScope.Reports.Html;

/// <summary>
/// A self-contained HTML document built section by section: inline CSS, inline SVG figures and PNG data URIs only —
/// no scripts, fonts or any other external resource, so the file opens offline and can be mailed as is. Every text
/// passes through <see cref="Escape"/>; "missing" notes are collected so the CLI can repeat them on stderr.
/// </summary>
public sealed class HtmlPage
{
    private readonly StringBuilder _body = new();
    private readonly List<string> _missing = [];
    private readonly List<(string Id, string Title)> _toc = [];

    public HtmlPage(string title) => Title = title;

    public string Title { get; }

    /// <summary>Everything the page reported as missing or unfinished (one line each).</summary>
    public IReadOnlyList<string> Missing => _missing;

    public static string Escape(string text) => WebUtility.HtmlEncode(text);

    /// <summary>Starts a section: an &lt;h2&gt; with a stable id (listed in the table of contents).</summary>
    public HtmlPage Section(string id, string title)
    {
        CloseSection();
        _toc.Add((id, title));
        _body.Append(CultureInfo.InvariantCulture, $"<section id=\"{Escape(id)}\">\n<h2>{Escape(title)}</h2>\n");
        _open = true;
        return this;
    }

    private bool _open;

    private void CloseSection()
    {
        if (_open) _body.Append("</section>\n");
        _open = false;
    }

    public HtmlPage Paragraph(string text, string? cssClass = null)
    {
        _body.Append(cssClass is null ? "<p>" : $"<p class=\"{Escape(cssClass)}\">").Append(Escape(text)).Append("</p>\n");
        return this;
    }

    /// <summary>A visible "missing" note (class <c>missing</c>), also recorded in <see cref="Missing"/>.</summary>
    public HtmlPage MissingNote(string text)
    {
        _missing.Add(text);
        _body.Append("<p class=\"missing\">Missing: ").Append(Escape(text)).Append("</p>\n");
        return this;
    }

    /// <summary>A standalone SVG string (from <c>Reports.Plots</c>) inside a &lt;figure&gt; with a caption.</summary>
    public HtmlPage Svg(string svg, string caption)
    {
        _body.Append("<figure class=\"plot\">\n").Append(svg.Trim()).Append('\n')
             .Append("<figcaption>").Append(Escape(caption)).Append("</figcaption>\n</figure>\n");
        return this;
    }

    /// <summary>A PNG image embedded as a base64 data URI.</summary>
    public HtmlPage Png(byte[] png, string alt, string caption)
    {
        _body.Append("<figure class=\"image\">\n<img alt=\"").Append(Escape(alt)).Append("\" src=\"data:image/png;base64,")
             .Append(Convert.ToBase64String(png)).Append("\"/>\n<figcaption>").Append(Escape(caption)).Append("</figcaption>\n</figure>\n");
        return this;
    }

    /// <summary>A table with a header row; every cell is escaped.</summary>
    public HtmlPage Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, string? cssClass = null)
    {
        _body.Append(cssClass is null ? "<table>\n" : $"<table class=\"{Escape(cssClass)}\">\n").Append("<thead><tr>");
        foreach (string h in header) _body.Append("<th>").Append(Escape(h)).Append("</th>");
        _body.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in rows)
        {
            _body.Append("<tr>");
            foreach (string c in row) _body.Append("<td>").Append(Escape(c)).Append("</td>");
            _body.Append("</tr>\n");
        }
        _body.Append("</tbody>\n</table>\n");
        return this;
    }

    /// <summary>A two-column name/value table (parameters, headline figures).</summary>
    public HtmlPage KeyValues(IEnumerable<(string Key, string Value)> pairs) =>
        Table(["name", "value"], pairs.Select(p => (IReadOnlyList<string>)[p.Key, p.Value]), "params");

    /// <summary>Preformatted text (e.g. a Markdown table as written by a verb).</summary>
    public HtmlPage Pre(string text)
    {
        _body.Append("<pre>").Append(Escape(text)).Append("</pre>\n");
        return this;
    }

    /// <summary>The whole document.</summary>
    public string ToHtml()
    {
        CloseSection();
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
          .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
          .Append("<meta name=\"generator\" content=\"entropyscope report\"/>\n")
          .Append("<title>").Append(Escape(Title)).Append("</title>\n<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n")
          .Append("<header><h1>").Append(Escape(Title)).Append("</h1></header>\n");
        if (_missing.Count > 0)
        {
            sb.Append("<aside class=\"missing-summary\"><strong>This report is incomplete.</strong><ul>\n");
            foreach (string m in _missing) sb.Append("<li>").Append(Escape(m)).Append("</li>\n");
            sb.Append("</ul></aside>\n");
        }
        if (_toc.Count > 1)
        {
            sb.Append("<nav><ul>\n");
            foreach (var (id, title) in _toc) sb.Append("<li><a href=\"#").Append(Escape(id)).Append("\">").Append(Escape(title)).Append("</a></li>\n");
            sb.Append("</ul></nav>\n");
        }
        sb.Append("<main>\n").Append(_body).Append("</main>\n</body>\n</html>\n");
        return sb.ToString();
    }

    // System fonts only (no web fonts): the page must render without network access.
    private const string Css = """
        body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 0 auto; max-width: 1400px; padding: 0 24px 48px; color: #222; background: #fff; }
        h1 { font-size: 1.6em; margin: 20px 0 8px; }
        h2 { font-size: 1.25em; border-bottom: 1px solid #ccc; padding-bottom: 4px; margin-top: 32px; }
        nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 6px 18px; }
        nav a { color: #1f5fa8; text-decoration: none; }
        figure { display: inline-block; margin: 8px 16px 8px 0; vertical-align: top; }
        figure svg, figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
        figcaption { font-size: 0.85em; color: #555; max-width: 640px; }
        table { border-collapse: collapse; margin: 8px 0 12px; font-size: 0.9em; display: block; max-width: 100%; overflow-x: auto; }
        th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: left; vertical-align: top; }
        th { background: #f3f3f3; }
        td { font-variant-numeric: tabular-nums; }
        pre { background: #f7f7f7; padding: 8px; overflow-x: auto; font-size: 0.85em; }
        .missing { color: #8a4b00; background: #fff4e0; border-left: 4px solid #e69500; padding: 4px 8px; }
        .missing-summary { background: #fff4e0; border: 1px solid #e69500; padding: 6px 12px; margin: 8px 0; }
        .headline { font-size: 1.1em; }
        .note { color: #555; font-size: 0.9em; }

        """;
}
