using System.Text.RegularExpressions;
using System.Xml.Linq;
using EntropyScope.Reports.Plots;

namespace EntropyScope.Tests.Reports.Plots;

public class PlotTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static XDocument Parse(string svg) => XDocument.Parse(svg);

    private static IEnumerable<XElement> WithClass(XDocument doc, string cls) =>
        doc.Descendants().Where(e => (string?)e.Attribute("class") == cls);

    [Fact]
    public void LinePlotIsValidSvgWithTitleLabelsAndLegend()
    {
        var xs = Enumerable.Range(0, 50).Select(i => i * 0.1).ToArray();
        var plot = new Plot("EP rate", "time t", "rate");
        plot.AddLine(xs, xs.Select(Math.Sin).ToArray(), "sin");
        plot.AddLine(xs, xs.Select(Math.Cos).ToArray(), "cos", dashed: true);
        var doc = Parse(plot.ToSvg());
        Assert.Equal(Svg + "svg", doc.Root!.Name);
        Assert.Equal(2, doc.Descendants(Svg + "path").Count());
        Assert.Contains(doc.Descendants(Svg + "text"), t => t.Value == "EP rate");
        Assert.Contains(doc.Descendants(Svg + "text"), t => t.Value == "time t");
        var legend = WithClass(doc, "legend").Single();
        Assert.Equal(["sin", "cos"], legend.Descendants(Svg + "text").Select(t => t.Value));
    }

    [Fact]
    public void TextIsEscaped()
    {
        var plot = new Plot("a < b & \"c\" > 'd'", "x<sub>", "y&z");
        plot.AddLine([0, 1], [0, 1], "<label>");
        string svg = plot.ToSvg();
        var doc = Parse(svg);
        Assert.Contains(doc.Descendants(Svg + "text"), t => t.Value == "a < b & \"c\" > 'd'");
        Assert.Contains(doc.Descendants(Svg + "text"), t => t.Value == "<label>");
        Assert.DoesNotContain("<sub>", svg);
    }

    [Fact]
    public void NumbersUseInvariantFormatting()
    {
        var plot = new Plot();
        plot.AddScatter([0.123456, 1e-3, 2.5], [1234.5678, -3.25, 7]);
        var doc = Parse(plot.ToSvg());
        var number = new Regex(@"^-?\d+(\.\d+)?$");
        foreach (var c in doc.Descendants(Svg + "circle"))
            foreach (string a in new[] { "cx", "cy", "r" })
                Assert.Matches(number, (string)c.Attribute(a)!);
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(-3.7, 12.2)]
    [InlineData(0.00123, 0.00456)]
    [InlineData(1e5, 3.3e6)]
    [InlineData(5.0, 5.0)]
    public void LinearTicksAreNiceAndCoverTheData(double lo, double hi)
    {
        double[] ticks = NiceTicks.Linear(lo, hi);
        Assert.True(ticks.Length is >= 3 and <= 12, $"{ticks.Length} ticks");
        Assert.True(ticks[0] <= lo && ticks[^1] >= hi);
        double step = ticks[1] - ticks[0];
        double mantissa = step / Math.Pow(10, Math.Floor(Math.Log10(step)));
        Assert.Contains(new[] { 1.0, 2.0, 2.5, 5.0 }, m => Math.Abs(m - mantissa) < 1e-9);
        for (int i = 0; i < ticks.Length; i++)
        {
            Assert.Equal(ticks[0] + i * step, ticks[i], step * 1e-9);
            double k = ticks[i] / step;
            Assert.True(Math.Abs(k - Math.Round(k)) < 1e-6, "ticks are multiples of the step");
        }
    }

    [Fact]
    public void LogTicksAreDecadesCoveringTheData()
    {
        double[] ticks = NiceTicks.Log(3e-4, 250);
        Assert.Equal([1e-4, 1e-3, 1e-2, 1e-1, 1, 10, 100, 1000], ticks);
        double[] fine = NiceTicks.Log(0.3, 4);
        Assert.True(fine[0] <= 0.3 && fine[^1] >= 4);
        Assert.Contains(1.0, fine);
        Assert.Contains(2.0, fine);
    }

    [Fact]
    public void LogAxisSkipsNonPositiveValuesAndLabelsDecades()
    {
        var plot = new Plot { LogY = true };
        plot.AddLine([0, 1, 2, 3], [0, 1e-3, 1e-1, 10], "a");
        var doc = Parse(plot.ToSvg());
        var labels = WithClass(doc, "tick-label").Select(t => t.Value).ToList();
        Assert.Contains("0.001", labels);
        Assert.Contains("10", labels);
        Assert.Single(doc.Descendants(Svg + "path"));
    }

    [Fact]
    public void TickLabelsHaveTheStepPrecision()
    {
        Assert.Equal("0.25", SvgText.TickLabel(0.25, 0.25));
        Assert.Equal("1.0", SvgText.TickLabel(1.0, 0.5));
        Assert.Equal("20", SvgText.TickLabel(20, 5));
        Assert.Equal("1e-5", SvgText.TickLabel(1e-5, 1e-5));
    }

    [Fact]
    public void HeatmapHasOneCellPerValueAndAColourBarOverItsRange()
    {
        int rows = 7, cols = 9;
        var values = Enumerable.Range(0, rows * cols).Select(i => i - 20.0).ToArray();
        var map = new HeatmapPlot(values, rows, cols, "map") { ColorMap = ColorMap.Diverging, ColorBarLabel = "σ" };
        var doc = Parse(map.ToSvg());
        var cells = WithClass(doc, "cells").Single().Elements(Svg + "rect").ToList();
        Assert.Equal(rows * cols, cells.Count);
        var bar = WithClass(doc, "colorbar").Single();
        Assert.Equal(-42.0, double.Parse((string)bar.Attribute("data-vmin")!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(42.0, double.Parse((string)bar.Attribute("data-vmax")!, System.Globalization.CultureInfo.InvariantCulture));
        // The largest value is the top of the diverging map (dark red), zero is white-ish, the bar labels span the range.
        Assert.Equal(ColorMap.Diverging.Hex(1.0), map.ColorMap.Hex(42, -42, 42));
        Assert.Equal(ColorMap.Diverging.Hex(42 / 84.0 + 0.5), (string)cells[^1].Attribute("fill")!);
        var labels = bar.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == "colorbar-label").Select(t => double.Parse(t.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(labels.Min() >= -42 && labels.Max() <= 42 && labels.Count >= 3);
    }

    [Fact]
    public void SequentialHeatmapUsesTheDataRangeAndGreyForNaN()
    {
        var map = new HeatmapPlot(new double[,] { { 1, 2 }, { double.NaN, 5 } });
        Assert.Equal((1.0, 5.0), map.ColorRange());
        var doc = Parse(map.ToSvg());
        var fills = WithClass(doc, "cells").Single().Elements(Svg + "rect").Select(c => (string)c.Attribute("fill")!).ToList();
        Assert.Equal(4, fills.Count);
        Assert.Equal("#bbbbbb", fills[2]);
        Assert.Equal(ColorMap.Sequential.Hex(0), fills[0]);
        Assert.Equal(ColorMap.Sequential.Hex(1), fills[3]);
    }

    [Fact]
    public void ColourMapsRunFromBlueThroughWhiteToRed()
    {
        var (r0, _, b0) = ColorMap.Diverging.Rgb(0);
        var (rm, gm, bm) = ColorMap.Diverging.Rgb(0.5);
        var (r1, _, b1) = ColorMap.Diverging.Rgb(1);
        Assert.True(b0 > r0 && r1 > b1);
        Assert.True(rm > 0.9 && gm > 0.9 && bm > 0.9);
        Assert.Matches("^#[0-9a-f]{6}$", ColorMap.Sequential.Hex(0.3));
    }

    [Fact]
    public void HistogramBarsHoldEveryValue()
    {
        var rng = new Random(1);
        var values = Enumerable.Range(0, 1000).Select(_ => rng.NextDouble()).ToArray();
        var plot = new Plot();
        plot.AddHistogram(values, bins: 10, label: "u");
        var doc = Parse(plot.ToSvg());
        var bars = WithClass(doc, "histogram").Single().Elements(Svg + "rect").ToList();
        Assert.Equal(10, bars.Count);
        Assert.All(bars, b => Assert.True(double.Parse((string)b.Attribute("height")!, System.Globalization.CultureInfo.InvariantCulture) > 0));
    }

    [Fact]
    public void DensityScatterAndErrorBarsRender()
    {
        var rng = new Random(2);
        var xs = Enumerable.Range(0, 300).Select(_ => rng.NextDouble()).ToArray();
        var plot = new Plot();
        plot.AddScatter(xs, xs.Select(x => x * x).ToArray(), "pts", densityColour: true);
        plot.AddErrorBars([0.2, 0.5], [0.1, 0.3], [0.05, 0.1], "mean ± sd");
        plot.AddHorizontalLine(0.5, "truth");
        var doc = Parse(plot.ToSvg());
        Assert.Equal(300, WithClass(doc, "scatter").Single().Elements(Svg + "circle").Count());
        Assert.Equal(2, WithClass(doc, "errorbars").Single().Elements(Svg + "circle").Count());
        Assert.Single(WithClass(doc, "reference"));
    }
}
