namespace EntropyScope.Reports.Plots;

/// <summary>
/// A matrix drawn as coloured cells (one SVG rect per value) with a colour bar, e.g. a dissipation map.
/// Row 0 is drawn at the top (image convention) unless <see cref="OriginLower"/> is set.
/// <code>
/// var map = new HeatmapPlot(values, rows, cols, "dissipation map") { ColorMap = ColorMap.Diverging };
/// string svg = map.ToSvg();
/// </code>
/// </summary>
public sealed class HeatmapPlot
{
    private readonly double[] _values;

    public int Rows { get; }
    public int Cols { get; }
    public string Title { get; set; }
    public string XLabel { get; set; }
    public string YLabel { get; set; }
    public string ColorBarLabel { get; set; } = "";
    /// <summary>The largest canvas; the figure shrinks to fit square cells.</summary>
    public double Width { get; set; } = 560;
    public double Height { get; set; } = 480;
    public ColorMap ColorMap { get; set; } = ColorMap.Sequential;
    /// <summary>Colour range; default the data range, or ±max|value| (symmetric about 0) for <see cref="ColorMap.Diverging"/>.</summary>
    public double? Vmin { get; set; }
    public double? Vmax { get; set; }
    /// <summary>Data coordinates of the left/right and top/bottom image edges; default column and row indices.</summary>
    public (double Min, double Max)? XExtent { get; set; }
    public (double Min, double Max)? YExtent { get; set; }
    public bool OriginLower { get; set; }

    /// <param name="values">row-major, length rows × cols; NaN cells are drawn grey.</param>
    public HeatmapPlot(IReadOnlyList<double> values, int rows, int cols, string title = "", string xLabel = "", string yLabel = "")
    {
        if (rows < 1 || cols < 1 || values.Count != rows * cols)
            throw new ArgumentException($"heatmap needs rows × cols = {rows} × {cols} values, got {values.Count}");
        _values = values.ToArray();
        (Rows, Cols, Title, XLabel, YLabel) = (rows, cols, title, xLabel, yLabel);
    }

    public HeatmapPlot(double[,] values, string title = "", string xLabel = "", string yLabel = "")
        : this(values.Cast<double>().ToArray(), values.GetLength(0), values.GetLength(1), title, xLabel, yLabel) { }

    /// <summary>The colour range actually used: (vmin, vmax).</summary>
    public (double Vmin, double Vmax) ColorRange()
    {
        var finite = _values.Where(double.IsFinite).DefaultIfEmpty(0).ToArray();
        double lo, hi;
        if (ReferenceEquals(ColorMap, ColorMap.Diverging) && Vmin is null && Vmax is null)
        {
            double m = finite.Max(Math.Abs);
            (lo, hi) = (-m, m);
        }
        else (lo, hi) = (Vmin ?? finite.Min(), Vmax ?? finite.Max());
        return lo < hi ? (lo, hi) : NiceTicks.Widen(lo, hi);
    }

    public string ToSvg()
    {
        const double left = 70, top = 38, bottom = 52, barSpace = 112;   // bar (18 + 16) + tick labels + the rotated bar label at +100
        double availW = Width - left - barSpace, availH = Height - top - bottom;
        double cell = Math.Min(availW / Cols, availH / Rows);
        double x0 = left, x1 = left + cell * Cols, y1 = top, y0 = top + cell * Rows;
        // The canvas shrinks to the square cells so no empty band is left below or beside the map.
        double width = x1 + barSpace, height = y0 + bottom;

        var xExt = XExtent ?? (0, Cols);
        var yExt = YExtent ?? (0, Rows);
        var xAxis = new Axis(0, 0, false, x0, x1, xExt);
        // Image convention: the first y-extent value sits at the top edge (row 0).
        var yAxis = OriginLower ? new Axis(0, 0, false, y0, y1, yExt) : new Axis(0, 0, false, y1, y0, yExt);
        var (vmin, vmax) = ColorRange();

        var svg = new SvgCanvas(width, height);
        FigureFrame.Draw(svg, Title, XLabel, YLabel, xAxis, yAxis, x0, x1, y0, y1, height);
        // One rect per value, row-major, inside <g class="cells">. No per-cell attributes beyond geometry and fill:
        // ImageMagick's SVG renderer fails on hundreds of class attributes.
        svg.Open("g", "class=\"cells\" shape-rendering=\"crispEdges\"");
        for (int r = 0; r < Rows; r++)
        {
            double top0 = OriginLower ? y0 - (r + 1) * cell : y1 + r * cell;
            for (int c = 0; c < Cols; c++)
            {
                double v = _values[r * Cols + c];
                string fill = double.IsFinite(v) ? ColorMap.Hex(v, vmin, vmax) : "#bbbbbb";
                // +0.3 px overlap hides anti-aliasing seams between neighbouring cells.
                svg.Rect(x0 + c * cell, top0, cell + 0.3, cell + 0.3, fill);
            }
        }
        svg.Close("g");
        svg.Rect(x0, y1, x1 - x0, y0 - y1, "none", " stroke=\"#222222\" stroke-width=\"1\" class=\"frame\"");
        DrawColorBar(svg, x1 + 18, y1, y0, vmin, vmax);
        return svg.Finish();
    }

    private void DrawColorBar(SvgCanvas svg, double bx, double top, double bottom, double vmin, double vmax)
    {
        const int steps = 64;
        const double w = 16;
        svg.Open("g", $"class=\"colorbar\" data-vmin=\"{vmin.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}\" data-vmax=\"{vmax.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}\" shape-rendering=\"crispEdges\"");
        double h = (bottom - top) / steps;
        svg.Open("g", "class=\"colorbar-steps\"");
        for (int i = 0; i < steps; i++)
            svg.Rect(bx, bottom - (i + 1) * h, w, h + 0.3, ColorMap.Hex((i + 0.5) / steps));
        svg.Close("g");
        svg.Rect(bx, top, w, bottom - top, "none", " stroke=\"#222222\" stroke-width=\"0.8\"");
        var axis = new Axis(0, 0, false, bottom, top, (vmin, vmax));
        foreach (double t in axis.Ticks)
        {
            double py = axis.Map(t);
            svg.Line(bx + w, py, bx + w + 4, py, "#222222");
            svg.Text(bx + w + 7, py + 4, axis.Label(t), "start", 10, extra: " class=\"colorbar-label\"");
        }
        if (!string.IsNullOrEmpty(ColorBarLabel))
            svg.Text(bx + w + 52, (top + bottom) / 2, ColorBarLabel, "middle", 11, rotate: -90);
        svg.Close("g");
    }
}
