using EntropyScope.Models.Filaments;

namespace EntropyScope.Observation;

/// <summary>
/// Filament-network frames [CNEEP Methods, models.md §3]: a (15N, 15N) uint8 image; node (a, b) rests at
/// (row, col) = (15a + 7, 15b + 7) and is drawn at rest + (y, x)·scale; every filament is a segment with the line
/// profile 255·exp(−d²/2) (variance 1), d the distance to the segment; a wall filament runs to an anchor 15 px
/// beyond the node, outside the frame, so it is clipped at the border. Only pixels within the cut-off radius of
/// a segment's bounding box are evaluated.
/// </summary>
public sealed class FilamentMovieRenderer : IFrameRenderer
{
    public const int Spacing = 15;
    public const int Margin = 7;
    public const double Variance = 1;
    public int Nodes { get; }
    public int Height => Spacing * Nodes;
    public int Width => Spacing * Nodes;
    public int FrameSize => Height * Width;
    public Overlap Overlap { get; }
    public double DisplacementScale { get; }
    public IReadOnlyList<Filament> Filaments { get; }
    private readonly double _radius;

    public FilamentMovieRenderer(int nodes, IReadOnlyList<Filament> filaments, double displacementScale = 1, Overlap overlap = Overlap.Max)
    {
        if (!(displacementScale > 0) || double.IsInfinity(displacementScale)) throw new InputException($"--std (filament displacement scale) must be > 0 (got {displacementScale})");
        Nodes = nodes; Filaments = filaments; Overlap = overlap; DisplacementScale = displacementScale;
        _radius = PixelRounding.CutoffRadius(Variance, overlap);
    }

    /// <summary>Rest position (row, column) of node index aN + b.</summary>
    public (double Row, double Column) RestPosition(int node) => (Spacing * (node / Nodes) + Margin, Spacing * (node % Nodes) + Margin);

    /// <summary>Rest position of a filament's far end (a node, or the wall anchor 15 px beyond node A).</summary>
    public (double Row, double Column) RestEnd(Filament f)
    {
        if (!f.IsWall) return RestPosition(f.B);
        var (r, c) = RestPosition(f.A);
        return (r + Spacing * f.WallRowStep, c + Spacing * f.WallColumnStep);
    }

    /// <summary>Renders state z = [x_0, y_0, x_1, y_1, …] into <paramref name="frame"/>; scratch: FrameSize floats.</summary>
    public void Render(ReadOnlySpan<double> z, Span<byte> frame, Span<float> scratch)
    {
        int h = Height, w = Width;
        Span<float> img = scratch[..FrameSize];
        img.Clear();
        foreach (var f in Filaments)
        {
            var (ra, ca) = RestPosition(f.A);
            double pr = ra + DisplacementScale * z[2 * f.A + 1], pc = ca + DisplacementScale * z[2 * f.A];
            double qr, qc;
            if (f.IsWall) (qr, qc) = RestEnd(f);
            else
            {
                var (rb, cb) = RestPosition(f.B);
                qr = rb + DisplacementScale * z[2 * f.B + 1]; qc = cb + DisplacementScale * z[2 * f.B];
            }
            DrawSegment(img, h, w, pr, pc, qr, qc);
        }
        PixelRounding.ToBytes(img, frame[..FrameSize]);
    }

    private void DrawSegment(Span<float> img, int h, int w, double pr, double pc, double qr, double qc)
    {
        int r0 = Math.Max(0, (int)Math.Ceiling(Math.Min(pr, qr) - _radius));
        int r1 = Math.Min(h - 1, (int)Math.Floor(Math.Max(pr, qr) + _radius));
        int c0 = Math.Max(0, (int)Math.Ceiling(Math.Min(pc, qc) - _radius));
        int c1 = Math.Min(w - 1, (int)Math.Floor(Math.Max(pc, qc) + _radius));
        double dr = qr - pr, dc = qc - pc;
        double len2 = dr * dr + dc * dc;
        double r2max = _radius * _radius;
        for (int r = r0; r <= r1; r++)
        {
            Span<float> row = img.Slice(r * w, w);
            for (int c = c0; c <= c1; c++)
            {
                // Distance to the segment: project onto it and clamp the parameter to [0, 1].
                double vr = r - pr, vc = c - pc;
                double t = len2 > 0 ? Math.Clamp((vr * dr + vc * dc) / len2, 0, 1) : 0;
                double er = vr - t * dr, ec = vc - t * dc;
                double d2 = er * er + ec * ec;
                if (d2 > r2max) continue;
                float v = (float)(255 * Math.Exp(-d2 / (2 * Variance)));
                if (Overlap == Overlap.Max) row[c] = MathF.Max(row[c], v);
                else row[c] += v;
            }
        }
    }
}
