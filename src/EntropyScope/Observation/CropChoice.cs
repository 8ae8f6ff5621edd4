namespace EntropyScope.Observation;

/// <summary>
/// A coupled pair drawn in the movie: the rest positions of its two ends and its exchanged EP rate σ_ab.
/// </summary>
public readonly record struct RenderedBond((double Row, double Column) RestA, (double Row, double Column) RestB, double EntropyRate);

/// <summary>
/// Reference EP of a crop and the A1/A2 rule for choosing crops (models.md §4, [assumed]): a crop's reference σ̂ is
/// the sum of σ_ab over bonds whose two rest endpoints lie inside it; A1 is the crop origin with the largest σ̂
/// (above the network's mean EP per area), A2 the one with the smallest positive σ̂ (below it).
/// </summary>
public static class CropChoice
{
    public static double ReferenceEntropyRate(Crop crop, IEnumerable<RenderedBond> bonds) =>
        bonds.Where(b => crop.Contains(b.RestA.Row, b.RestA.Column) && crop.Contains(b.RestB.Row, b.RestB.Column))
             .Sum(b => b.EntropyRate);

    /// <summary>Mean EP per pixel area times the crop's area: the line between "A1" and "A2" crops.</summary>
    public static double AreaShare(int width, int height, int frameHeight, int frameWidth, double totalRate) =>
        totalRate * width * height / ((double)frameHeight * frameWidth);

    /// <summary>Chooses "a1" (largest σ̂) or "a2" (smallest positive σ̂) among all width×height origins.</summary>
    public static Crop Choose(string which, int width, int height, int frameHeight, int frameWidth, IReadOnlyList<RenderedBond> bonds)
    {
        if (width < 1 || height < 1 || width > frameWidth || height > frameHeight)
            throw new InputException($"--crop {which}: a {height}×{width} window does not fit the {frameHeight}×{frameWidth} frame");
        bool a1 = which.Equals("a1", StringComparison.OrdinalIgnoreCase);
        if (!a1 && !which.Equals("a2", StringComparison.OrdinalIgnoreCase))
            throw new InputException($"--crop must be x,y,w,h, a1 or a2 (got '{which}')");
        Crop? best = null;
        double bestRate = a1 ? double.NegativeInfinity : double.PositiveInfinity;
        for (int y = 0; y + height <= frameHeight; y++)
            for (int x = 0; x + width <= frameWidth; x++)
            {
                var c = new Crop(x, y, width, height);
                double rate = ReferenceEntropyRate(c, bonds);
                if (a1 ? rate > bestRate + 1e-12 : rate > 1e-12 && rate < bestRate - 1e-12) { best = c; bestRate = rate; }
            }
        return best ?? throw new InputException($"--crop {which}: no {height}×{width} window contains a dissipating bond");
    }
}
