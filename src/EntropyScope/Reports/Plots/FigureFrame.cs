namespace EntropyScope.Reports.Plots;

/// <summary>Title, tick marks with labels, and axis labels around a plot rectangle (shared by all figures).</summary>
internal static class FigureFrame
{
    public static void Draw(SvgCanvas svg, string title, string xLabel, string yLabel, Axis x, Axis y,
        double x0, double x1, double y0, double y1, double height)
    {
        if (!string.IsNullOrEmpty(title)) svg.Text((x0 + x1) / 2, 22, title, "middle", 14, extra: " font-weight=\"bold\" class=\"title\"");
        svg.Open("g", "class=\"x-axis\"");
        foreach (double t in x.Ticks)
        {
            double px = x.Map(t);
            if (!double.IsFinite(px) || px < x0 - 0.5 || px > x1 + 0.5) continue;
            svg.Line(px, y0, px, y0 + 5, "#222222");
            svg.Line(px, y0, px, y1, "#e6e6e6", 0.7);
            svg.Text(px, y0 + 18, x.Label(t), "middle", 11, extra: " class=\"tick-label\"");
        }
        if (!string.IsNullOrEmpty(xLabel)) svg.Text((x0 + x1) / 2, height - 12, xLabel, "middle", 12, extra: " class=\"axis-label\"");
        svg.Close("g");
        svg.Open("g", "class=\"y-axis\"");
        foreach (double t in y.Ticks)
        {
            double py = y.Map(t);
            if (!double.IsFinite(py) || py > y0 + 0.5 || py < y1 - 0.5) continue;
            svg.Line(x0 - 5, py, x0, py, "#222222");
            svg.Line(x0, py, x1, py, "#e6e6e6", 0.7);
            svg.Text(x0 - 8, py + 4, y.Label(t), "end", 11, extra: " class=\"tick-label\"");
        }
        if (!string.IsNullOrEmpty(yLabel)) svg.Text(16, (y0 + y1) / 2, yLabel, "middle", 12, rotate: -90, extra: " class=\"axis-label\"");
        svg.Close("g");
    }
}
