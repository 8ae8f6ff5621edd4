namespace EntropyScope.Reports.Plots;

/// <summary>One axis of a figure: its data range (covered by nice ticks), linear or log, and the pixel mapping.</summary>
internal sealed class Axis
{
    public bool Log { get; }
    public double Min { get; }
    public double Max { get; }
    public double[] Ticks { get; }
    private readonly double _pixelFrom, _pixelTo;

    /// <param name="fixedRange">if set, the axis spans exactly this range (ticks inside it); else it is widened to nice ticks.</param>
    public Axis(double dataMin, double dataMax, bool log, double pixelFrom, double pixelTo, (double Min, double Max)? fixedRange = null)
    {
        Log = log;
        (_pixelFrom, _pixelTo) = (pixelFrom, pixelTo);
        if (fixedRange is { } r)
        {
            (Min, Max) = r.Min < r.Max ? (r.Min, r.Max) : NiceTicks.Widen(r.Min, r.Max);
            if (log && !(Min > 0)) throw new ArgumentException("a log axis needs a positive range");
            double[] all = log ? NiceTicks.Log(Min, Max) : NiceTicks.Linear(Min, Max);
            double tol = (Max - Min) * 1e-9;
            Ticks = all.Where(t => t >= Min - tol && t <= Max + tol).ToArray();
            return;
        }
        if (log)
        {
            if (!(dataMin > 0) || !(dataMax > 0)) (dataMin, dataMax) = (1, 10);
            Ticks = NiceTicks.Log(dataMin, dataMax);
        }
        else
        {
            Ticks = NiceTicks.Linear(dataMin, dataMax);
        }
        (Min, Max) = (Math.Min(Ticks[0], dataMin), Math.Max(Ticks[^1], dataMax));
    }

    /// <summary>The pixel coordinate of a data value (NaN for a non-positive value on a log axis).</summary>
    public double Map(double v)
    {
        double f = Log
            ? (v > 0 ? (Math.Log10(v) - Math.Log10(Min)) / (Math.Log10(Max) - Math.Log10(Min)) : double.NaN)
            : (v - Min) / (Max - Min);
        return _pixelFrom + f * (_pixelTo - _pixelFrom);
    }

    public string Label(double tick) => Log ? SvgText.LogTickLabel(tick) : SvgText.TickLabel(tick, NiceTicks.Step(Ticks));
}
