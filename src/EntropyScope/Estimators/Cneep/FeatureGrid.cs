namespace EntropyScope.Estimators.Cneep;

/// <summary>
/// Where the cells of a CNEEP feature map (the attention map F and the dissipation map H of Eq. 4–5) sit in the
/// frame, along one axis. conv1 (5×5, stride 2, pad 2) centres its output i on pixel 2i; every 2×2 floor-mode max-pool
/// then merges two neighbouring centres, and the 3×3 convolutions (pad 1) keep them. So at depth d the cells are
/// S = 2^d pixels apart and cell c is centred on pixel S·c + S/2 − 1 (depth 2, Table I: 4c + 1; depth 3: 8c + 3),
/// each seeing a square of 23 (depth 2) or 59 (depth 3) pixels around it. Floor-mode pooling drops a remainder, so
/// W / W_f is not S unless W is a multiple of S (100 px at depth 3: 12 cells, 8.33 px per cell by the ratio, 8 in
/// fact); the grid is therefore recovered from both sizes, not from their ratio.
/// </summary>
public readonly record struct FeatureGrid(int Stride)
{
    /// <summary>Pixel coordinate (pixel k has centre k) of the centre of cell <paramref name="cell"/>.</summary>
    public double Centre(int cell) => Stride * cell + Stride / 2.0 - 1;

    /// <summary>Cell coordinate (fractional) of pixel coordinate <paramref name="pixel"/>; inverse of <see cref="Centre"/>.</summary>
    public double CellOf(double pixel) => (pixel - Centre(0)) / Stride;

    /// <summary>
    /// The grid of a map of <paramref name="mapSide"/> cells over <paramref name="frameSide"/> pixels: S = 2^d for the
    /// depth d whose <see cref="CneepArchitecture.FeatureShape"/> has that side (unique: the side halves, strictly,
    /// with each depth).
    /// </summary>
    public static FeatureGrid Of(int frameSide, int mapSide)
    {
        for (int depth = 2; ; depth++)
        {
            int side = new CneepArchitecture(2, frameSide, frameSide, 1, depth).FeatureShape.Width;
            if (side == mapSide) return new FeatureGrid(1 << depth);
            if (side < 1) throw new ArgumentException($"a map of {mapSide} cells is not the CNEEP feature map of a {frameSide}-pixel side");
        }
    }
}
