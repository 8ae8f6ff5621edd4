namespace EntropyScope.Reports.Plots;

/// <summary>
/// An x–y figure rendered to a standalone SVG string: axes with nice ticks (linear or log), tick labels, axis
/// labels, title, legend; line, scatter (optionally coloured by local density), error-bar and histogram series.
/// <code>
/// var plot = new Plot("EP rate", "t", "Ṡ_t");
/// plot.AddLine(ts, rates, "cosine");
/// File.WriteAllText("rate.svg", plot.ToSvg());
/// </code>
/// </summary>
public sealed class Plot
{
    /// <summary>The tab10-like palette assigned to series in order when no colour is given.</summary>
    public static readonly string[] Palette =
        ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    private readonly List<Series> _series = [];

    public string Title { get; set; }
    public string XLabel { get; set; }
    public string YLabel { get; set; }
    public double Width { get; set; } = 640;
    public double Height { get; set; } = 420;
    public bool LogX { get; set; }
    public bool LogY { get; set; }
    /// <summary>Fixed axis limits; null = fitted to the data and widened to nice ticks.</summary>
    public (double Min, double Max)? XRange { get; set; }
    public (double Min, double Max)? YRange { get; set; }
    /// <summary>Legend corner: "upper right" (default), "upper left", "lower right", "lower left", or "none".</summary>
    public string Legend { get; set; } = "upper right";

    public Plot(string title = "", string xLabel = "", string yLabel = "")
    {
        Title = title;
        XLabel = xLabel;
        YLabel = yLabel;
    }

    /// <summary>A polyline through (xs[i], ys[i]); NaN values break the line.</summary>
    public Plot AddLine(IReadOnlyList<double> xs, IReadOnlyList<double> ys, string label = "", string? color = null,
        bool dashed = false, double width = 1.6)
    {
        CheckLengths(xs, ys);
        _series.Add(new LineSeries(xs, ys, label, color ?? NextColor(), dashed, width));
        return this;
    }

    /// <summary>
    /// Points at (xs[i], ys[i]). With <paramref name="densityColour"/> each point is coloured by the number of points
    /// near it (a 2D histogram, <see cref="ColorMap.Sequential"/>), dense points drawn last.
    /// </summary>
    public Plot AddScatter(IReadOnlyList<double> xs, IReadOnlyList<double> ys, string label = "", string? color = null,
        double radius = 2.5, bool densityColour = false)
    {
        CheckLengths(xs, ys);
        _series.Add(new ScatterSeries(xs, ys, label, color ?? NextColor(), radius, densityColour));
        return this;
    }

    /// <summary>Markers at (xs[i], ys[i]) with vertical bars ys[i] ± errors[i].</summary>
    public Plot AddErrorBars(IReadOnlyList<double> xs, IReadOnlyList<double> ys, IReadOnlyList<double> errors, string label = "",
        string? color = null)
    {
        CheckLengths(xs, ys);
        CheckLengths(xs, errors);
        _series.Add(new ErrorBarSeries(xs, ys, errors, label, color ?? NextColor()));
        return this;
    }

    /// <summary>
    /// A histogram of <paramref name="values"/> in <paramref name="bins"/> equal bins over [min, max] of the values
    /// (or <paramref name="range"/>); <paramref name="density"/> normalises the area to 1. Non-finite values are skipped.
    /// </summary>
    public Plot AddHistogram(IReadOnlyList<double> values, int bins = 40, string label = "", string? color = null,
        bool density = false, (double Min, double Max)? range = null)
    {
        if (bins < 1) throw new ArgumentOutOfRangeException(nameof(bins), "bins must be ≥ 1");
        _series.Add(HistogramSeries.Create(values, bins, label, color ?? NextColor(), density, range));
        return this;
    }

    /// <summary>A horizontal reference line across the whole plot (e.g. the true value).</summary>
    public Plot AddHorizontalLine(double y, string label = "", string? color = null, bool dashed = true)
    {
        _series.Add(new ReferenceLine(y, horizontal: true, label, color ?? "#444444", dashed));
        return this;
    }

    /// <summary>A vertical marker line (e.g. the best iteration).</summary>
    public Plot AddVerticalLine(double x, string label = "", string? color = null, bool dashed = true)
    {
        _series.Add(new ReferenceLine(x, horizontal: false, label, color ?? "#444444", dashed));
        return this;
    }

    /// <summary>The standalone SVG document (UTF-8 text, valid XML).</summary>
    public string ToSvg()
    {
        const double left = 74, right = 18, top = 38, bottom = 52;
        double x0 = left, x1 = Width - right, y0 = Height - bottom, y1 = top;

        var (xmin, xmax, ymin, ymax) = DataBounds();
        var xAxis = new Axis(xmin, xmax, LogX, x0, x1, XRange);
        var yAxis = new Axis(ymin, ymax, LogY, y0, y1, YRange);
        var svg = new SvgCanvas(Width, Height);
        string clipId = "clip" + Guid.NewGuid().ToString("N")[..8];

        FigureFrame.Draw(svg, Title, XLabel, YLabel, xAxis, yAxis, x0, x1, y0, y1, Height);
        // Fitted axes cover every point, so a clip path is needed only for fixed ranges (and some renderers,
        // e.g. ImageMagick's, mishandle clip paths: leave them out when they are not needed).
        if (XRange is null && YRange is null)
            svg.Open("g", "class=\"data\"");
        else
        {
            svg.Raw($"<defs><clipPath id=\"{clipId}\"><rect x=\"{SvgText.Num(x0)}\" y=\"{SvgText.Num(y1)}\" width=\"{SvgText.Num(x1 - x0)}\" height=\"{SvgText.Num(y0 - y1)}\"/></clipPath></defs>\n");
            svg.Open("g", $"class=\"data\" clip-path=\"url(#{clipId})\"");
        }
        foreach (var s in _series) s.Draw(svg, xAxis, yAxis);
        svg.Close("g");
        // Frame drawn over the data so bars and lines do not cover it.
        svg.Rect(x0, y1, x1 - x0, y0 - y1, "none", " stroke=\"#222222\" stroke-width=\"1\" class=\"frame\"");
        DrawLegend(svg, x0, x1, y0, y1);
        return svg.Finish();
    }

    private void DrawLegend(SvgCanvas svg, double x0, double x1, double y0, double y1)
    {
        var entries = _series.Where(s => !string.IsNullOrEmpty(s.Label)).ToList();
        if (entries.Count == 0 || Legend == "none") return;
        const double row = 17, pad = 6, swatch = 22;
        double textWidth = entries.Max(s => s.Label.Length) * 6.6;
        double w = pad * 3 + swatch + textWidth, h = pad * 2 + row * entries.Count - 4;
        double lx = Legend.EndsWith("left", StringComparison.Ordinal) ? x0 + 8 : x1 - 8 - w;
        double ly = Legend.StartsWith("lower", StringComparison.Ordinal) ? y0 - 8 - h : y1 + 8;
        svg.Open("g", "class=\"legend\"");
        svg.Rect(lx, ly, w, h, "white", " fill-opacity=\"0.85\" stroke=\"#999999\" stroke-width=\"0.8\"");
        for (int i = 0; i < entries.Count; i++)
        {
            double cy = ly + pad + row * i + row / 2 - 2;
            entries[i].DrawSwatch(svg, lx + pad, cy, swatch);
            svg.Text(lx + pad * 2 + swatch, cy + 4, entries[i].Label, size: 11);
        }
        svg.Close("g");
    }

    private (double, double, double, double) DataBounds()
    {
        double xmin = double.PositiveInfinity, xmax = double.NegativeInfinity, ymin = double.PositiveInfinity, ymax = double.NegativeInfinity;
        foreach (var s in _series)
            foreach (var (x, y) in s.Points())
            {
                if (double.IsFinite(x) && (!LogX || x > 0)) { xmin = Math.Min(xmin, x); xmax = Math.Max(xmax, x); }
                if (double.IsFinite(y) && (!LogY || y > 0)) { ymin = Math.Min(ymin, y); ymax = Math.Max(ymax, y); }
            }
        if (xmin > xmax) (xmin, xmax) = LogX ? (1, 10) : (0, 1);
        if (ymin > ymax) (ymin, ymax) = LogY ? (1, 10) : (0, 1);
        return (xmin, xmax, ymin, ymax);
    }

    private string NextColor() => Palette[_series.Count(s => s.UsesPalette) % Palette.Length];

    private static void CheckLengths<T>(IReadOnlyList<double> xs, IReadOnlyList<T> ys)
    {
        if (xs.Count != ys.Count) throw new ArgumentException($"series lengths differ: {xs.Count} x values, {ys.Count} y values");
    }
}
