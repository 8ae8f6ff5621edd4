namespace EntropyScope.Observation;

/// <summary>How overlapping spots or lines combine in a pixel (models.md §3, [assumed]).</summary>
public enum Overlap
{
    /// <summary>Per-pixel maximum (default).</summary>
    Max,
    /// <summary>Sum, then clip to 255.</summary>
    Sum,
}

internal static class PixelRounding
{
    /// <summary>Round to nearest, saturate to [0, 255] (models.md §3).</summary>
    public static void ToBytes(ReadOnlySpan<float> values, Span<byte> frame)
    {
        for (int i = 0; i < values.Length; i++)
        {
            float v = values[i] + 0.5f;
            frame[i] = v >= 255f ? (byte)255 : v <= 0f ? (byte)0 : (byte)(int)v;
        }
    }

    /// <summary>
    /// Beyond this distance a Gaussian of the given variance and peak 255 adds nothing after rounding: below 0.5
    /// for max (so the cut is exact), below 0.005 for sum (so summed tails cannot move a rounding).
    /// </summary>
    public static double CutoffRadius(double variance, Overlap overlap) =>
        Math.Sqrt(2 * variance * Math.Log(255 / (overlap == Overlap.Max ? 0.5 : 0.005)));
}
