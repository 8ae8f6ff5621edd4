namespace EntropyScope.IO;

/// <summary>One grayscale image of a TIFF file, as far as decoding needs it (validated by <see cref="TiffDirectoryReader"/>).</summary>
internal sealed record TiffPage(
    int Width,
    int Height,
    NpyDType DType,
    int Compression,
    int Predictor,
    bool WhiteIsZero,
    bool Tiled,
    int BlockWidth,      // tile width, or the image width for strips
    int BlockHeight,     // tile length, or RowsPerStrip
    long[] Offsets,
    long[] ByteCounts)
{
    public int BytesPerSample => NpyDTypes.SizeOf(DType);
    public long PageBytes => (long)Width * Height * BytesPerSample;
}

/// <summary>TIFF compression codes EntropyScope decodes.</summary>
internal static class TiffCompression
{
    public const int None = 1, Lzw = 5, AdobeDeflate = 8, PackBits = 32773, Deflate = 32946;

    public static string Name(int code) => code switch
    {
        None => "none",
        2 => "CCITT RLE",
        3 => "CCITT Group 3",
        4 => "CCITT Group 4",
        Lzw => "LZW",
        6 => "old-style JPEG",
        7 => "JPEG",
        AdobeDeflate or Deflate => "Deflate",
        PackBits => "PackBits",
        34712 => "JPEG 2000",
        50000 => "Zstandard",
        50001 => "WebP",
        34925 => "LZMA",
        _ => "unknown",
    };

    public static bool Supported(int code) => code is None or Lzw or AdobeDeflate or Deflate or PackBits;

    /// <summary>
    /// Largest plausible decoded/encoded size ratio, used to reject corrupt sizes before allocating:
    /// PackBits expands 2 bytes to at most 128, Deflate ~1032:1, a 9-bit LZW code to at most 4096 bytes.
    /// </summary>
    public static long MaxRatio(int code) => code switch
    {
        None => 1,
        PackBits => 64,
        AdobeDeflate or Deflate => 1040,
        _ => 3700,
    };
}
