using System.Text;
using static EntropyScope.Reports.Plots.SvgText;

namespace EntropyScope.Reports.Plots;

/// <summary>Appends SVG elements to a string; every number and text passes through <see cref="SvgText"/>.</summary>
internal sealed class SvgCanvas
{
    private readonly StringBuilder _sb = new();

    public SvgCanvas(double width, double height)
    {
        _sb.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"").Append(Num(width))
           .Append("\" height=\"").Append(Num(height)).Append("\" viewBox=\"0 0 ").Append(Num(width)).Append(' ').Append(Num(height))
           .Append("\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"12\">\n");
        _sb.Append("<rect class=\"background\" x=\"0\" y=\"0\" width=\"").Append(Num(width)).Append("\" height=\"").Append(Num(height))
           .Append("\" fill=\"white\"/>\n");
    }

    public SvgCanvas Raw(string s) { _sb.Append(s); return this; }

    public void Open(string tag, string attributes) => _sb.Append('<').Append(tag).Append(' ').Append(attributes).Append(">\n");

    public void Close(string tag) => _sb.Append("</").Append(tag).Append(">\n");

    public void Line(double x1, double y1, double x2, double y2, string stroke, double width = 1, string extra = "") =>
        _sb.Append("<line x1=\"").Append(Num(x1)).Append("\" y1=\"").Append(Num(y1)).Append("\" x2=\"").Append(Num(x2))
           .Append("\" y2=\"").Append(Num(y2)).Append("\" stroke=\"").Append(stroke).Append("\" stroke-width=\"").Append(Num(width))
           .Append('"').Append(extra).Append("/>\n");

    public void Rect(double x, double y, double w, double h, string fill, string extra = "") =>
        _sb.Append("<rect x=\"").Append(Num(x)).Append("\" y=\"").Append(Num(y)).Append("\" width=\"").Append(Num(Math.Max(0, w)))
           .Append("\" height=\"").Append(Num(Math.Max(0, h))).Append("\" fill=\"").Append(fill).Append('"').Append(extra.Contains("stroke=", StringComparison.Ordinal) ? "" : " stroke=\"none\"")
           .Append(extra).Append("/>\n");

    public void Circle(double cx, double cy, double r, string fill, string extra = "") =>
        _sb.Append("<circle cx=\"").Append(Num(cx)).Append("\" cy=\"").Append(Num(cy)).Append("\" r=\"").Append(Num(r))
           .Append("\" fill=\"").Append(fill).Append("\" stroke=\"none\"").Append(extra).Append("/>\n");

    public void Path(string d, string stroke, double width, string extra = "") =>
        _sb.Append("<path d=\"").Append(d).Append("\" fill=\"none\" stroke=\"").Append(stroke).Append("\" stroke-width=\"")
           .Append(Num(width)).Append("\" stroke-linejoin=\"round\"").Append(extra).Append("/>\n");

    /// <summary>Text at (x, y); anchor start|middle|end; rotate in degrees about (x, y).</summary>
    public void Text(double x, double y, string text, string anchor = "start", double size = 12, double rotate = 0, string extra = "")
    {
        // Rotated text is placed at the origin and moved by translate + rotate: the form every renderer understands.
        bool rotated = rotate != 0;
        _sb.Append("<text x=\"").Append(rotated ? "0" : Num(x)).Append("\" y=\"").Append(rotated ? "0" : Num(y)).Append("\" text-anchor=\"").Append(anchor)
           .Append("\" font-size=\"").Append(Num(size)).Append('"');
        if (rotated) _sb.Append(" transform=\"translate(").Append(Num(x)).Append(',').Append(Num(y)).Append(") rotate(").Append(Num(rotate)).Append(")\"");
        _sb.Append(extra).Append('>').Append(Escape(text)).Append("</text>\n");
    }

    public string Finish() => _sb.Append("</svg>\n").ToString();
}
