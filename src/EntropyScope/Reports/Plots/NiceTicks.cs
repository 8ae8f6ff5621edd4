namespace EntropyScope.Reports.Plots;

/// <summary>
/// Axis ticks at "nice" numbers (1, 2, 2.5, 5 × 10^k) whose first and last tick enclose the data range,
/// the usual choice of plotting libraries (Heckbert, "Nice numbers for graph labels", Graphics Gems 1990).
/// </summary>
public static class NiceTicks
{
    /// <summary>Linear ticks: about <paramref name="target"/> of them, evenly spaced, covering [min, max].</summary>
    public static double[] Linear(double min, double max, int target = 6)
    {
        (min, max) = Widen(min, max);
        double step = NiceStep((max - min) / Math.Max(1, target - 1));
        double first = Math.Floor(min / step + 1e-9) * step;
        double last = Math.Ceiling(max / step - 1e-9) * step;
        int n = (int)Math.Round((last - first) / step) + 1;
        var ticks = new double[n];
        for (int i = 0; i < n; i++)
        {
            double t = first + i * step;
            ticks[i] = Math.Abs(t) < step * 1e-9 ? 0 : t; // no "-0" or 1e-17 labels
        }
        return ticks;
    }

    /// <summary>The spacing of <see cref="Linear"/>'s ticks (needed to choose the label precision).</summary>
    public static double Step(IReadOnlyList<double> ticks) => ticks.Count > 1 ? ticks[1] - ticks[0] : Math.Max(Math.Abs(ticks[0]), 1);

    /// <summary>
    /// Log ticks: the decades 10^k enclosing [min, max] (both &gt; 0). When the range spans at most two decades
    /// the 2× and 5× multiples are added so that the axis still carries a few labels.
    /// </summary>
    public static double[] Log(double min, double max)
    {
        if (!(min > 0) || !(max > 0)) throw new ArgumentOutOfRangeException(nameof(min), "log axis needs a positive range");
        if (max < min) (min, max) = (max, min);
        int lo = (int)Math.Floor(Math.Log10(min) + 1e-9);
        int hi = (int)Math.Ceiling(Math.Log10(max) - 1e-9);
        if (hi == lo) hi = lo + 1;
        var ticks = new List<double>();
        int every = Math.Max(1, (hi - lo + 7) / 8); // at most ~8 decade labels
        bool fine = hi - lo <= 2;
        for (int k = lo; k <= hi; k++)
        {
            if ((k - lo) % every != 0 && k != hi) continue;
            ticks.Add(Math.Pow(10, k));
            if (fine && k < hi) { ticks.Add(2 * Math.Pow(10, k)); ticks.Add(5 * Math.Pow(10, k)); }
        }
        // Trim the fine multiples that lie outside the data so the axis is not mostly empty.
        if (fine)
        {
            int first = 0, last = ticks.Count - 1;
            while (first + 1 < ticks.Count && ticks[first + 1] <= min) first++;
            while (last - 1 >= 0 && ticks[last - 1] >= max) last--;
            return ticks.GetRange(first, last - first + 1).ToArray();
        }
        return ticks.ToArray();
    }

    /// <summary>The nice number (1, 2, 2.5, 5 × 10^k) nearest above <paramref name="raw"/>.</summary>
    public static double NiceStep(double raw)
    {
        if (!(raw > 0) || double.IsInfinity(raw)) return 1;
        double exp = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double f = raw / exp;
        double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
        return nice * exp;
    }

    /// <summary>A degenerate range (one value, or none) gets a unit-sized window around it.</summary>
    internal static (double, double) Widen(double min, double max)
    {
        if (double.IsNaN(min) || double.IsNaN(max) || double.IsInfinity(min) || double.IsInfinity(max)) return (0, 1);
        if (max < min) (min, max) = (max, min);
        if (max - min <= 1e-12 * Math.Max(1, Math.Abs(max)))
        {
            double pad = min == 0 ? 1 : Math.Abs(min) * 0.1;
            return (min - pad, max + pad);
        }
        return (min, max);
    }
}
