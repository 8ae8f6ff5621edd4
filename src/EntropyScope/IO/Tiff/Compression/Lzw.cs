namespace EntropyScope.IO;

/// <summary>
/// TIFF LZW decoding (TIFF 6.0 §13, compression 5): MSB-first codes of 9–12 bits, Clear = 256, EOI = 257, and
/// the code width grows one code early (at 511, 1023, 2047) as every TIFF writer since 6.0 does.
/// </summary>
internal static class Lzw
{
    private const int Clear = 256, EndOfInformation = 257, FirstFree = 258, MaxCodes = 4096;

    /// <summary>Decodes into <paramref name="dst"/>; returns bytes produced, or -1 when the code stream is corrupt.</summary>
    public static int Decode(ReadOnlySpan<byte> src, Span<byte> dst)
    {
        Span<short> prefix = stackalloc short[MaxCodes];
        Span<byte> suffix = stackalloc byte[MaxCodes];
        Span<byte> first = stackalloc byte[MaxCodes];
        Span<short> length = stackalloc short[MaxCodes];
        for (int i = 0; i < 256; i++) { prefix[i] = -1; suffix[i] = (byte)i; first[i] = (byte)i; length[i] = 1; }

        int width = 9, next = FirstFree, old = -1, d = 0;
        long bitPos = 0, totalBits = (long)src.Length * 8;
        while (d < dst.Length && bitPos + width <= totalBits)
        {
            int code = ReadCode(src, bitPos, width);
            bitPos += width;
            if (code == EndOfInformation) break;
            if (code == Clear)
            {
                width = 9;
                next = FirstFree;
                old = -1;
                continue;
            }
            if (old < 0)
            {
                if (code > 255) return -1;
                dst[d++] = (byte)code;
                old = code;
                continue;
            }
            int emitted;
            if (code < next)
            {
                emitted = Emit(code, prefix, suffix, length, dst, d);
                if (next < MaxCodes) Add(ref next, old, first[code], prefix, suffix, first, length);
            }
            else if (code == next && next < MaxCodes)
            {
                Add(ref next, old, first[old], prefix, suffix, first, length);
                emitted = Emit(code, prefix, suffix, length, dst, d);
            }
            else return -1;
            d += emitted;
            old = code;
            if (next >= (1 << width) - 1 && width < 12) width++;
        }
        return Math.Min(d, dst.Length);
    }

    private static void Add(ref int next, int old, byte c, Span<short> prefix, Span<byte> suffix, Span<byte> first, Span<short> length)
    {
        prefix[next] = (short)old;
        suffix[next] = c;
        first[next] = first[old];
        length[next] = (short)(length[old] + 1);
        next++;
    }

    // Writes the string of `code` at dst[d..]; characters that would fall past the end are dropped.
    private static int Emit(int code, Span<short> prefix, Span<byte> suffix, Span<short> length, Span<byte> dst, int d)
    {
        int len = length[code];
        for (int i = len - 1, c = code; i >= 0; i--, c = prefix[c])
            if (d + i < dst.Length) dst[d + i] = suffix[c];
        return len;
    }

    private static int ReadCode(ReadOnlySpan<byte> src, long bitPos, int width)
    {
        int byteIndex = (int)(bitPos >> 3);
        // Gather up to 3 bytes (24 bits ≥ 12 + 7) MSB-first.
        int v = src[byteIndex] << 16;
        if (byteIndex + 1 < src.Length) v |= src[byteIndex + 1] << 8;
        if (byteIndex + 2 < src.Length) v |= src[byteIndex + 2];
        int shift = 24 - (int)(bitPos & 7) - width;
        return (v >> shift) & ((1 << width) - 1);
    }
}
