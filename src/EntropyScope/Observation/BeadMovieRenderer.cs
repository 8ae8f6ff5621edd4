namespace EntropyScope.Observation;

/// <summary>
/// Bead-spring frames [CNEEP Methods, models.md §3]: an (H = 20, W = 20N) uint8 image; bead i (0-based) is a
/// Gaussian spot of variance 9 and peak 255 centred at row 10, column 10 + 20i + z̃_i, with z̃_i = std·z_i/s_i.
/// Only the columns within the exact cut-off radius of each spot are evaluated (the row profile is fixed).
/// </summary>
public sealed class BeadMovieRenderer : IFrameRenderer
{
    public const int FrameHeight = 20;
    public int Height => FrameHeight;
    public const int Spacing = 20;
    public const double Variance = 9;
    public const double CentreRow = 10;
    public int Beads { get; }
    public int Width => Spacing * Beads;
    public int FrameSize => FrameHeight * Width;
    public Overlap Overlap { get; }
    /// <summary>Multiplier per bead: z̃_i = Scale[i]·z_i (std / s_i).</summary>
    public double[] Scale { get; }
    private readonly float[] _rowProfile = new float[FrameHeight];
    private readonly int _radius;

    public BeadMovieRenderer(int beads, double std, IReadOnlyList<double> beadStd, Overlap overlap = Overlap.Max)
    {
        if (!(std > 0) || double.IsInfinity(std)) throw new InputException($"--std must be > 0 (got {std})");
        if (beadStd.Count != beads) throw new ArgumentException("BeadMovieRenderer: one std per bead");
        Beads = beads; Overlap = overlap;
        Scale = beadStd.Select(s => s > 0 ? std / s : std).ToArray();
        for (int r = 0; r < FrameHeight; r++) _rowProfile[r] = (float)(255 * Math.Exp(-(r - CentreRow) * (r - CentreRow) / (2 * Variance)));
        _radius = (int)Math.Ceiling(PixelRounding.CutoffRadius(Variance, overlap));
    }

    /// <summary>Column of bead i's centre for displacement z_i.</summary>
    public double CentreColumn(int bead, double z) => 10 + Spacing * bead + Scale[bead] * z;

    /// <summary>Renders one state z (Beads values) into <paramref name="frame"/> (H×W bytes); scratch: FrameSize floats.</summary>
    public void Render(ReadOnlySpan<double> z, Span<byte> frame, Span<float> scratch)
    {
        int w = Width;
        Span<float> img = scratch[..FrameSize];
        img.Clear();
        Span<float> colProfile = stackalloc float[2 * _radius + 2];
        for (int i = 0; i < Beads; i++)
        {
            double c = CentreColumn(i, z[i]);
            if (double.IsNaN(c)) continue;
            int c0 = Math.Max(0, (int)Math.Ceiling(c - _radius)), c1 = Math.Min(w - 1, (int)Math.Floor(c + _radius));
            if (c1 < c0) continue;
            int nc = c1 - c0 + 1;
            for (int k = 0; k < nc; k++)
            {
                double d = c0 + k - c;
                colProfile[k] = (float)Math.Exp(-d * d / (2 * Variance));
            }
            for (int r = 0; r < Height; r++)
            {
                float g = _rowProfile[r];
                Span<float> row = img.Slice(r * w + c0, nc);
                if (Overlap == Overlap.Max)
                    for (int k = 0; k < nc; k++) row[k] = MathF.Max(row[k], g * colProfile[k]);
                else
                    for (int k = 0; k < nc; k++) row[k] += g * colProfile[k];
            }
        }
        PixelRounding.ToBytes(img, frame[..FrameSize]);
    }
}
