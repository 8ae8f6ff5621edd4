using System.Globalization;
using EntropyScope.Estimators.Cneep;

namespace EntropyScope.Reports.Png;

/// <summary>
/// Picture of an averaged dissipation map ⟨Ḣ(x, y)⟩ (paper Fig. 3a / 4b): the H_f × W_f map bilinearly upsampled to
/// the H × W frame (feature cell c centred at image coordinate S·c + S/2 − 1, <see cref="FeatureGrid"/>), blended red (positive) / blue
/// (negative) over the grey frame with opacity |Ḣ|/max|Ḣ|, enlarged by an integer factor, with a colour bar labelled
/// ±max|Ḣ| on the right.
/// </summary>
public static class DissipationMapImage
{
    public static (byte[] Rgb, int Width, int Height) Render(ReadOnlySpan<double> map, int mapHeight, int mapWidth,
        ReadOnlySpan<float> frame, int height, int width)
    {
        double vmax = 0;
        foreach (double v in map) vmax = Math.Max(vmax, Math.Abs(v));
        if (!(vmax > 0)) vmax = 1;
        float fmin = float.MaxValue, fmax = float.MinValue;
        foreach (float v in frame) { fmin = Math.Min(fmin, v); fmax = Math.Max(fmax, v); }
        float frange = fmax > fmin ? fmax - fmin : 1;

        int scale = Math.Max(1, (int)Math.Ceiling(480.0 / Math.Max(width, height)));
        scale = Math.Min(scale, 16);
        const int barWidth = 16, gap = 10, labelWidth = 80;
        int imgW = width * scale, imgH = height * scale;
        int totalW = imgW + gap + barWidth + 4 + labelWidth, totalH = Math.Max(imgH, 60) + 2 * Glyph.Height;
        var rgb = new byte[totalW * totalH * 3];
        rgb.AsSpan().Fill(255);

        FeatureGrid gy = FeatureGrid.Of(height, mapHeight), gx = FeatureGrid.Of(width, mapWidth);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                double v = Bilinear(map, mapHeight, mapWidth, gy.CellOf(y), gx.CellOf(x));
                double grey = 0.25 + 0.5 * (frame[y * width + x] - fmin) / frange;
                var (r, g, b) = Blend(grey, v / vmax);
                for (int dy = 0; dy < scale; dy++)
                    for (int dx = 0; dx < scale; dx++)
                        Put(rgb, totalW, x * scale + dx, Glyph.Height + y * scale + dy, r, g, b);
            }

        // colour bar: +vmax at the top, 0 in the middle, −vmax at the bottom
        int bx = imgW + gap, barH = Math.Max(imgH, 60);
        for (int y = 0; y < barH; y++)
        {
            double t = 1 - 2.0 * y / (barH - 1);
            var (r, g, b) = Blend(1.0, t);
            for (int x = 0; x < barWidth; x++) Put(rgb, totalW, bx + x, Glyph.Height + y, r, g, b);
        }
        string top = Format(vmax), bottom = Format(-vmax);
        Glyph.Draw(rgb, totalW, bx + barWidth + 4, Glyph.Height, top);
        Glyph.Draw(rgb, totalW, bx + barWidth + 4, Glyph.Height + barH / 2 - Glyph.Height / 2, "0");
        Glyph.Draw(rgb, totalW, bx + barWidth + 4, Glyph.Height + barH - Glyph.Height, bottom);
        return (rgb, totalW, totalH);
    }

    private static string Format(double v) => v.ToString("0.##E+0", CultureInfo.InvariantCulture);

    /// <summary>Diverging colour: t ∈ [−1, 1] blends the grey level towards red (t &gt; 0) or blue (t &lt; 0).</summary>
    private static (byte, byte, byte) Blend(double grey, double t)
    {
        t = Math.Clamp(t, -1, 1);
        double a = Math.Abs(t);
        (double r, double g, double b) target = t >= 0 ? (0.84, 0.10, 0.11) : (0.13, 0.35, 0.80);
        double R = grey + (target.r - grey) * a, G = grey + (target.g - grey) * a, B = grey + (target.b - grey) * a;
        return ((byte)Math.Round(255 * R), (byte)Math.Round(255 * G), (byte)Math.Round(255 * B));
    }

    private static double Bilinear(ReadOnlySpan<double> map, int h, int w, double fy, double fx)
    {
        fy = Math.Clamp(fy, 0, h - 1);
        fx = Math.Clamp(fx, 0, w - 1);
        int y0 = (int)Math.Floor(fy), x0 = (int)Math.Floor(fx);
        int y1 = Math.Min(y0 + 1, h - 1), x1 = Math.Min(x0 + 1, w - 1);
        double ty = fy - y0, tx = fx - x0;
        double top = map[y0 * w + x0] * (1 - tx) + map[y0 * w + x1] * tx;
        double bot = map[y1 * w + x0] * (1 - tx) + map[y1 * w + x1] * tx;
        return top * (1 - ty) + bot * ty;
    }

    internal static void Put(byte[] rgb, int stride, int x, int y, byte r, byte g, byte b)
    {
        if (x < 0 || x >= stride || y < 0) return;
        int i = (y * stride + x) * 3;
        if (i + 2 >= rgb.Length) return;
        rgb[i] = r; rgb[i + 1] = g; rgb[i + 2] = b;
    }

    /// <summary>A 3×5 pixel font (drawn at 2× scale) for the colour-bar labels: digits, '.', '-', '+', 'E'.</summary>
    private static class Glyph
    {
        public const int Height = 12;
        private static readonly Dictionary<char, string> Shapes = new()
        {
            ['0'] = "111101101101111", ['1'] = "010110010010111", ['2'] = "111001111100111", ['3'] = "111001111001111",
            ['4'] = "101101111001001", ['5'] = "111100111001111", ['6'] = "111100111101111", ['7'] = "111001001001001",
            ['8'] = "111101111101111", ['9'] = "111101111001111", ['.'] = "000000000000010", ['-'] = "000000111000000",
            ['+'] = "000010111010000", ['E'] = "111100111100111",
        };

        public static void Draw(byte[] rgb, int stride, int x, int y, string text)
        {
            foreach (char ch in text)
            {
                if (Shapes.TryGetValue(ch, out var s))
                    for (int r = 0; r < 5; r++)
                        for (int c = 0; c < 3; c++)
                            if (s[r * 3 + c] == '1')
                                for (int d = 0; d < 4; d++) Put(rgb, stride, x + 2 * c + d % 2, y + 2 * r + d / 2, 0, 0, 0);
                x += 8;
            }
        }
    }
}
