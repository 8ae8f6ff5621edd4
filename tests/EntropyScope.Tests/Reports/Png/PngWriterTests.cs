using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using EntropyScope.Reports.Png;

namespace EntropyScope.Tests.Reports.Png;

public class PngWriterTests
{
    [Fact]
    public void Crc32_matches_the_standard_check_value() =>
        Assert.Equal(0xCBF43926u, Crc32.Compute(Encoding.ASCII.GetBytes("123456789")));

    [Fact]
    public void Png_round_trips_pixels_with_valid_chunk_crcs()
    {
        const int w = 5, h = 3;
        var rgb = new byte[w * h * 3];
        for (int i = 0; i < rgb.Length; i++) rgb[i] = (byte)(i * 7);
        using var ms = new MemoryStream();
        PngWriter.WriteRgb(ms, w, h, rgb);
        byte[] png = ms.ToArray();
        Assert.Equal(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }, png[..8]);
        int pos = 8;
        var idat = new MemoryStream();
        var types = new List<string>();
        while (pos < png.Length)
        {
            int len = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos));
            string type = Encoding.ASCII.GetString(png, pos + 4, 4);
            types.Add(type);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos + 8 + len));
            Assert.Equal(Crc32.Compute(png.AsSpan(pos + 4, 4 + len)), crc);
            if (type == "IHDR")
            {
                Assert.Equal(w, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos + 8)));
                Assert.Equal(h, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos + 12)));
            }
            if (type == "IDAT") idat.Write(png, pos + 8, len);
            pos += 12 + len;
        }
        Assert.Equal(new[] { "IHDR", "IDAT", "IEND" }, types);
        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        var raw = new MemoryStream();
        z.CopyTo(raw);
        byte[] lines = raw.ToArray();
        Assert.Equal(h * (1 + 3 * w), lines.Length);
        for (int y = 0; y < h; y++)
        {
            Assert.Equal(0, lines[y * (1 + 3 * w)]);
            Assert.Equal(rgb.AsSpan(y * 3 * w, 3 * w).ToArray(), lines.AsSpan(y * (1 + 3 * w) + 1, 3 * w).ToArray());
        }
    }

    [Fact]
    public void Map_image_is_red_where_positive_and_blue_where_negative()
    {
        // 1×2 map: left cell negative, right cell positive, over a flat frame of 4×8 pixels
        var (rgb, w, h) = DissipationMapImage.Render([-1.0, 1.0], 1, 2, new float[4 * 8], 4, 8);
        Assert.True(w > 8 && h >= 4);
        int scale = 16;   // ⌈480 / 8⌉ capped at 16
        int y = 12 + 2 * scale;   // glyph margin + middle row
        byte[] Pixel(int x) { int i = (y * w + x) * 3; return [rgb[i], rgb[i + 1], rgb[i + 2]]; }
        var left = Pixel(0); var right = Pixel(8 * scale - 1);
        Assert.True(left[2] > left[0], "negative side should be blue");
        Assert.True(right[0] > right[2], "positive side should be red");
    }
}
