using System.Globalization;

namespace EntropyScope.Reports.Plots;

/// <summary>
/// A colour map: a piecewise-linear ramp through a few RGB stops, evaluated at t in [0, 1].
/// <see cref="Diverging"/> (blue – white – red, for signed maps such as dissipation) and
/// <see cref="Sequential"/> (viridis-like, for densities and magnitudes).
/// </summary>
public sealed class ColorMap
{
    private readonly (double r, double g, double b)[] _stops;

    public string Name { get; }

    private ColorMap(string name, params (double, double, double)[] stops)
    {
        Name = name;
        _stops = stops;
    }

    /// <summary>Blue (negative) – white (zero) – red (positive); RdBu-like stops.</summary>
    public static ColorMap Diverging { get; } = new("diverging",
        (0.020, 0.188, 0.380), (0.129, 0.400, 0.675), (0.263, 0.576, 0.765), (0.573, 0.773, 0.871), (0.820, 0.898, 0.941),
        (0.969, 0.969, 0.969),
        (0.992, 0.859, 0.780), (0.957, 0.647, 0.510), (0.839, 0.376, 0.302), (0.698, 0.094, 0.169), (0.404, 0.000, 0.122));

    /// <summary>Dark purple – blue – green – yellow; perceptually ordered (viridis stops).</summary>
    public static ColorMap Sequential { get; } = new("sequential",
        (0.267, 0.005, 0.329), (0.283, 0.141, 0.458), (0.254, 0.265, 0.530), (0.207, 0.372, 0.553), (0.164, 0.471, 0.558),
        (0.128, 0.567, 0.551), (0.135, 0.659, 0.518), (0.267, 0.749, 0.441), (0.478, 0.821, 0.318), (0.741, 0.873, 0.150),
        (0.993, 0.906, 0.144));

    /// <summary>RGB in [0, 1] at t (clamped to [0, 1]; NaN maps to the middle).</summary>
    public (double R, double G, double B) Rgb(double t)
    {
        if (double.IsNaN(t)) t = 0.5;
        t = Math.Clamp(t, 0, 1) * (_stops.Length - 1);
        int i = Math.Min((int)t, _stops.Length - 2);
        double f = t - i;
        var (a, b) = (_stops[i], _stops[i + 1]);
        return (a.r + f * (b.r - a.r), a.g + f * (b.g - a.g), a.b + f * (b.b - a.b));
    }

    /// <summary>"#rrggbb" at t.</summary>
    public string Hex(double t)
    {
        var (r, g, b) = Rgb(t);
        return "#" + Byte(r) + Byte(g) + Byte(b);
    }

    /// <summary>The colour of <paramref name="value"/> on the scale [vmin, vmax].</summary>
    public string Hex(double value, double vmin, double vmax) =>
        Hex(vmax > vmin ? (value - vmin) / (vmax - vmin) : 0.5);

    private static string Byte(double v) => ((int)Math.Round(Math.Clamp(v, 0, 1) * 255)).ToString("x2", CultureInfo.InvariantCulture);
}
