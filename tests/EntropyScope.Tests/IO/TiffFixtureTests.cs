using EntropyScope.IO;

namespace EntropyScope.Tests.IO;

/// <summary>TIFF stacks written by tifffile, tiffcp and ImageMagick (tests/fixtures/tiff) read back to the exact values.</summary>
public class TiffFixtureTests
{
    public static TheoryData<string> Stacks()
    {
        var d = new TheoryData<string>();
        foreach (string t in new[] { "u8", "u16" })
        {
            foreach (string v in new[]
            {
                "none", "strips", "adobe_deflate", "deflate32946", "deflate_predictor", "be_none", "be_deflate_predictor", "bigtiff",
                "tiffcp_lzw", "tiffcp_lzw_predictor", "tiffcp_packbits", "tiffcp_zip", "tiffcp_zip_predictor", "tiffcp_be_lzw_predictor",
                "tiffcp_strips_packbits", "magick_lzw", "magick_packbits", "magick_zip", "magick_none",
            })
                d.Add($"{t}_{v}.tif");
        }
        d.Add("u16_tiffcp_bigtiff_be_lzw.tif");
        d.Add("u16_imagej.tif");
        d.Add("f32_none.tif");
        return d;
    }

    [Theory, MemberData(nameof(Stacks))]
    public void StackReadsExactValues(string file)
    {
        string kind = file[..file.IndexOf('_')];
        using var s = TiffStack.Open(Fixtures.Tiff(file));
        Assert.Equal(3, s.PageCount);
        Assert.Equal(12, s.Height);
        Assert.Equal(10, s.Width);
        Assert.Equal(kind switch { "u8" => NpyDType.UInt8, "u16" => NpyDType.UInt16, _ => NpyDType.Float32 }, s.DType);
        Assert.Equal(Fixtures.TiffStack(kind, 3, 12, 10), s.ReadAll<double>());
        // Lazy single-page access: page 2 alone.
        var page = new float[120];
        s.CopyPages(2, 1, page);
        Assert.Equal(Fixtures.TiffStack(kind, 3, 12, 10).Skip(240).Select(v => (float)v), page);
    }

    [Theory]
    [InlineData("u8_tiled_deflate.tif", "u8")]
    [InlineData("u16_tiled_none.tif", "u16")]
    [InlineData("u8_tiffcp_tiled_lzw_predictor.tif", "u8")]
    [InlineData("u16_tiffcp_tiled_lzw_predictor.tif", "u16")]
    public void TiledStacksReadExactValues(string file, string kind)
    {
        using var s = TiffStack.Open(Fixtures.Tiff(file));
        bool small = file.Contains("tiffcp");   // tiffcp tiles the 12×10 stack; tifffile's tiled files are 20×24
        int h = small ? 12 : 20, w = small ? 10 : 24;
        Assert.Equal((3, h, w), (s.PageCount, s.Height, s.Width));
        Assert.Equal(Fixtures.TiffStack(kind, 3, h, w), s.ReadAll<double>());
    }

    [Theory]
    [InlineData("u8_miniswhite.tif", "u8", 255)]
    [InlineData("u16_miniswhite.tif", "u16", 65535)]
    public void MinIsWhiteIsInverted(string file, string kind, int max)
    {
        using var s = TiffStack.Open(Fixtures.Tiff(file));
        Assert.Equal(Fixtures.TiffStack(kind, 3, 12, 10).Select(v => max - v), s.ReadAll<double>());
    }

    [Fact]
    public void ImageJSingleIfdStackIsExpandedToAllFrames()
    {
        using var s = TiffStack.Open(Fixtures.Tiff("u16_imagej_single_ifd.tif"));
        Assert.True(s.IsImageJContiguous);
        Assert.Equal(3, s.PageCount);
        Assert.Equal(Fixtures.TiffStack("u16", 3, 12, 10), s.ReadAll<double>());
    }

    [Theory]
    [InlineData("u16_imagej_single_ifd_truncated.tif", "truncated ImageJ stack")]
    [InlineData("truncated.tif", "truncated")]
    [InlineData("bad_ifd_offset.tif", "outside the file")]
    [InlineData("ifd_loop.tif", "loops")]
    [InlineData("huge_width.tif", "image size 4000000000×12")]
    [InlineData("mixed_sizes.tif", "same size")]
    [InlineData("rgb.tif", "samples per pixel")]
    [InlineData("palette.tif", "photometric interpretation 3 (palette)")]
    [InlineData("u32.tif", "32-bit unsigned")]
    [InlineData("u8_tiffcp_jpeg.tif", "compression 7 (JPEG)")]
    [InlineData("f32_tiffcp_float_predictor.tif", "predictor 3")]
    public void BadStacksGiveOneClearInputError(string file, string expected)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InputException>(() =>
        {
            using var s = TiffStack.Open(Fixtures.Tiff(file));
            s.ReadAll<float>();
        });
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains(file, e.Message);
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.True(allocated < new FileInfo(Fixtures.Tiff(file)).Length + 256 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public void NotATiffAndMissingFileAreInputErrors()
    {
        Assert.Contains("not a TIFF", Assert.Throws<InputException>(() => TiffStack.Open(Fixtures.Npy("uint8_v1.npy"))).Message);
        Assert.Contains("not found", Assert.Throws<InputException>(() => TiffStack.Open(Fixtures.Tiff("nope.tif"))).Message);
    }
}

/// <summary>Larger noisy stacks whose LZW code tables grow to 12 bits and are cleared; expected values from numpy.</summary>
public class TiffLargeFixtureTests
{
    [Theory]
    [InlineData("large_u8_tiffcp_lzw.tif", "large_u8.npy")]
    [InlineData("large_u8_magick_lzw.tif", "large_u8.npy")]
    [InlineData("large_u16_tiffcp_lzw_predictor.tif", "large_u16.npy")]
    [InlineData("large_u16_tiffcp_packbits.tif", "large_u16.npy")]
    public void MatchesTheNumpyValues(string tiff, string npy)
    {
        using var expected = NpyArray.Open(Fixtures.Npy(npy));
        using var s = TiffStack.Open(Fixtures.Tiff(tiff));
        Assert.Equal(expected.Shape, new[] { s.PageCount, s.Height, s.Width });
        Assert.Equal(expected.ReadAll<int>(), s.ReadAll<int>());
    }
}
