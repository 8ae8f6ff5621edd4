using System.Text;
using static EntropyScope.Reports.Plots.SvgText;

namespace EntropyScope.Reports.Plots;

/// <summary>One thing drawn inside the axes of a <see cref="Plot"/>.</summary>
internal abstract class Series(string label, string color)
{
    public string Label { get; } = label;
    public string Color { get; } = color;
    public virtual bool UsesPalette => true;

    /// <summary>The data points that the axes must cover (NaN in a coordinate: no constraint on that axis).</summary>
    public abstract IEnumerable<(double X, double Y)> Points();

    public abstract void Draw(SvgCanvas svg, Axis x, Axis y);

    public virtual void DrawSwatch(SvgCanvas svg, double x, double cy, double w) => svg.Line(x, cy, x + w, cy, Color, 2);

    protected static bool Ok(double px, double py) => double.IsFinite(px) && double.IsFinite(py);
}

internal sealed class LineSeries(IReadOnlyList<double> xs, IReadOnlyList<double> ys, string label, string color, bool dashed, double width)
    : Series(label, color)
{
    private string Dash => dashed ? " stroke-dasharray=\"6 4\"" : "";

    public override IEnumerable<(double, double)> Points() => xs.Select((x, i) => (x, ys[i]));

    public override void Draw(SvgCanvas svg, Axis x, Axis y)
    {
        var d = new StringBuilder();
        bool pen = false;
        for (int i = 0; i < xs.Count; i++)
        {
            double px = x.Map(xs[i]), py = y.Map(ys[i]);
            if (!Ok(px, py)) { pen = false; continue; }
            d.Append(pen ? " L" : (d.Length > 0 ? " M" : "M")).Append(Num(px)).Append(',').Append(Num(py));
            pen = true;
        }
        if (d.Length > 0) svg.Path(d.ToString(), Color, width, " class=\"line\"" + Dash);
    }

    public override void DrawSwatch(SvgCanvas svg, double x, double cy, double w) => svg.Line(x, cy, x + w, cy, Color, width, Dash);
}

internal sealed class ScatterSeries(IReadOnlyList<double> xs, IReadOnlyList<double> ys, string label, string color, double radius, bool density)
    : Series(label, color)
{
    public override IEnumerable<(double, double)> Points() => xs.Select((x, i) => (x, ys[i]));

    public override void Draw(SvgCanvas svg, Axis x, Axis y)
    {
        int n = xs.Count;
        var px = new double[n];
        var py = new double[n];
        for (int i = 0; i < n; i++) { px[i] = x.Map(xs[i]); py[i] = y.Map(ys[i]); }
        svg.Open("g", "class=\"scatter\"");
        if (!density)
        {
            for (int i = 0; i < n; i++)
                if (Ok(px[i], py[i])) svg.Circle(px[i], py[i], radius, Color, " fill-opacity=\"0.75\"");
        }
        else
        {
            // Local density = count in a 40×40 pixel-space histogram; draw sparse points first so dense ones stay visible.
            const int g = 40;
            double minX = px.Where(double.IsFinite).DefaultIfEmpty(0).Min(), maxX = px.Where(double.IsFinite).DefaultIfEmpty(1).Max();
            double minY = py.Where(double.IsFinite).DefaultIfEmpty(0).Min(), maxY = py.Where(double.IsFinite).DefaultIfEmpty(1).Max();
            var counts = new int[g * g];
            var cell = new int[n];
            for (int i = 0; i < n; i++)
            {
                if (!Ok(px[i], py[i])) { cell[i] = -1; continue; }
                int cx = Math.Clamp((int)((px[i] - minX) / Math.Max(maxX - minX, 1e-9) * g), 0, g - 1);
                int cy = Math.Clamp((int)((py[i] - minY) / Math.Max(maxY - minY, 1e-9) * g), 0, g - 1);
                cell[i] = cy * g + cx;
                counts[cell[i]]++;
            }
            double max = Math.Max(1, counts.Max());
            foreach (int i in Enumerable.Range(0, n).Where(i => cell[i] >= 0).OrderBy(i => counts[cell[i]]))
                svg.Circle(px[i], py[i], radius, ColorMap.Sequential.Hex(counts[cell[i]] / max));
        }
        svg.Close("g");
    }

    public override void DrawSwatch(SvgCanvas svg, double x, double cy, double w) =>
        svg.Circle(x + w / 2, cy, radius + 0.5, density ? ColorMap.Sequential.Hex(0.7) : Color);
}

internal sealed class ErrorBarSeries(IReadOnlyList<double> xs, IReadOnlyList<double> ys, IReadOnlyList<double> errors, string label, string color)
    : Series(label, color)
{
    public override IEnumerable<(double, double)> Points() =>
        xs.SelectMany((x, i) => new[] { (x, ys[i] - Math.Abs(errors[i])), (x, ys[i] + Math.Abs(errors[i])) });

    public override void Draw(SvgCanvas svg, Axis x, Axis y)
    {
        svg.Open("g", "class=\"errorbars\"");
        for (int i = 0; i < xs.Count; i++)
        {
            double px = x.Map(xs[i]), py = y.Map(ys[i]);
            if (!Ok(px, py)) continue;
            double e = Math.Abs(errors[i]);
            double lo = y.Map(ys[i] - e), hi = y.Map(ys[i] + e);
            if (!double.IsFinite(lo)) lo = y.Map(y.Min);
            if (double.IsFinite(hi))
            {
                svg.Line(px, lo, px, hi, Color, 1.2);
                svg.Line(px - 4, lo, px + 4, lo, Color, 1.2);
                svg.Line(px - 4, hi, px + 4, hi, Color, 1.2);
            }
            svg.Circle(px, py, 3, Color);
        }
        svg.Close("g");
    }

    public override void DrawSwatch(SvgCanvas svg, double x, double cy, double w)
    {
        svg.Line(x + w / 2, cy - 6, x + w / 2, cy + 6, Color, 1.2);
        svg.Circle(x + w / 2, cy, 3, Color);
    }
}

internal sealed class HistogramSeries(double[] edges, double[] heights, string label, string color) : Series(label, color)
{
    public static HistogramSeries Create(IReadOnlyList<double> values, int bins, string label, string color, bool density,
        (double Min, double Max)? range)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        var (lo, hi) = range ?? (finite.Length > 0 ? (finite.Min(), finite.Max()) : (0, 1));
        (lo, hi) = NiceTicks.Widen(lo, hi);
        var edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++) edges[i] = lo + (hi - lo) * i / bins;
        var heights = new double[bins];
        int counted = 0;
        foreach (double v in finite)
        {
            if (v < lo || v > hi) continue;
            heights[Math.Min(bins - 1, (int)((v - lo) / (hi - lo) * bins))]++;
            counted++;
        }
        if (density && counted > 0)
            for (int i = 0; i < bins; i++) heights[i] /= counted * (hi - lo) / bins;
        return new HistogramSeries(edges, heights, label, color);
    }

    public override IEnumerable<(double, double)> Points() =>
        heights.Select((h, i) => (edges[i], h)).Append((edges[^1], 0));

    public override void Draw(SvgCanvas svg, Axis x, Axis y)
    {
        double baseline = y.Log ? y.Map(y.Min) : y.Map(Math.Max(y.Min, Math.Min(0, y.Max)));
        svg.Open("g", "class=\"histogram\"");
        for (int i = 0; i < heights.Length; i++)
        {
            double xl = x.Map(edges[i]), xr = x.Map(edges[i + 1]), top = y.Map(heights[i]);
            if (!Ok(xl, xr) || !double.IsFinite(top)) continue;
            svg.Rect(xl, Math.Min(top, baseline), xr - xl, Math.Abs(baseline - top), Color,
                " fill-opacity=\"0.55\" stroke=\"" + Color + "\" stroke-width=\"0.6\"");
        }
        svg.Close("g");
    }

    public override void DrawSwatch(SvgCanvas svg, double x, double cy, double w) =>
        svg.Rect(x + 3, cy - 5, w - 6, 10, Color, " fill-opacity=\"0.55\"");
}

internal sealed class ReferenceLine(double value, bool horizontal, string label, string color, bool dashed) : Series(label, color)
{
    public override bool UsesPalette => false;
    private string Dash => dashed ? " stroke-dasharray=\"5 4\"" : "";

    public override IEnumerable<(double, double)> Points() => [horizontal ? (double.NaN, value) : (value, double.NaN)];

    public override void Draw(SvgCanvas svg, Axis x, Axis y)
    {
        if (horizontal)
        {
            double py = y.Map(value);
            if (double.IsFinite(py)) svg.Line(x.Map(x.Min), py, x.Map(x.Max), py, Color, 1.2, Dash + " class=\"reference\"");
        }
        else
        {
            double px = x.Map(value);
            if (double.IsFinite(px)) svg.Line(px, y.Map(y.Min), px, y.Map(y.Max), Color, 1.2, Dash + " class=\"reference\"");
        }
    }

    public override void DrawSwatch(SvgCanvas svg, double x, double cy, double w) => svg.Line(x, cy, x + w, cy, Color, 1.2, Dash);
}
