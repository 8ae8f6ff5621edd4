namespace EntropyScope.IO;

/// <summary>PackBits run-length decoding (TIFF 6.0 §9, compression 32773).</summary>
internal static class PackBits
{
    /// <summary>Decodes into <paramref name="dst"/>; returns the number of bytes produced (stops when dst is full).</summary>
    public static int Decode(ReadOnlySpan<byte> src, Span<byte> dst)
    {
        int s = 0, d = 0;
        while (d < dst.Length && s < src.Length)
        {
            int n = (sbyte)src[s++];
            if (n >= 0)
            {
                int len = Math.Min(Math.Min(n + 1, src.Length - s), dst.Length - d);
                src.Slice(s, len).CopyTo(dst[d..]);
                s += n + 1;
                d += len;
            }
            else if (n != -128)
            {
                if (s >= src.Length) break;
                int len = Math.Min(1 - n, dst.Length - d);
                dst.Slice(d, len).Fill(src[s++]);
                d += len;
            }
        }
        return d;
    }
}
