namespace EntropyScope.Observation;

/// <summary>
/// A fixed rectangular window of every frame (partial observation, CNEEP Sec. V): columns [X, X + Width),
/// rows [Y, Y + Height).
/// </summary>
public sealed record Crop(int X, int Y, int Width, int Height)
{
    /// <summary>Parses "x,y,w,h".</summary>
    public static Crop Parse(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 4 || !parts.All(p => int.TryParse(p, out _)))
            throw new InputException($"--crop must be x,y,w,h in pixels (got '{text}')");
        var v = parts.Select(int.Parse).ToArray();
        return new Crop(v[0], v[1], v[2], v[3]);
    }

    /// <summary>Throws unless the crop is non-empty and lies inside a frame of the given size.</summary>
    public void Validate(int frameHeight, int frameWidth)
    {
        if (Width < 1 || Height < 1) throw new InputException($"--crop {this}: width and height must be ≥ 1");
        if (X < 0 || Y < 0 || X + Width > frameWidth || Y + Height > frameHeight)
            throw new InputException($"--crop {this}: outside the {frameHeight}×{frameWidth} (rows×columns) frame");
    }

    public bool Contains(double row, double column) => row >= Y && row < Y + Height && column >= X && column < X + Width;

    /// <summary>Copies the window of one frame (H×W) into <paramref name="destination"/> (Height×Width).</summary>
    public void Apply(ReadOnlySpan<byte> frame, int frameWidth, Span<byte> destination)
    {
        for (int r = 0; r < Height; r++)
            frame.Slice((Y + r) * frameWidth + X, Width).CopyTo(destination.Slice(r * Width, Width));
    }

    public override string ToString() => $"{X},{Y},{Width},{Height}";
}
