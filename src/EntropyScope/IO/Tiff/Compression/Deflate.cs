using System.IO.Compression;

namespace EntropyScope.IO;

/// <summary>Deflate (zlib stream) decoding for TIFF compression 8 (Adobe Deflate) and 32946 (old Deflate).</summary>
internal static class Deflate
{
    /// <summary>Decodes into <paramref name="dst"/>; returns bytes produced, or -1 when the stream is corrupt.</summary>
    public static unsafe int Decode(ReadOnlySpan<byte> src, Span<byte> dst)
    {
        fixed (byte* p = src)
        {
            using var input = new UnmanagedMemoryStream(p, src.Length);
            using var z = new ZLibStream(input, CompressionMode.Decompress);
            try
            {
                return z.ReadAtLeast(dst, dst.Length, throwOnEndOfStream: false);
            }
            catch (InvalidDataException)
            {
                return -1;
            }
        }
    }
}
