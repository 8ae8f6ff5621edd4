using System.Text;
using System.Text.RegularExpressions;

namespace EntropyScope.IO;

/// <summary>
/// The NPY header (format 1.0, 2.0 and 3.0): magic, version, a little-endian header length (2 bytes in 1.0,
/// 4 bytes in 2.0/3.0), then a Python dict literal with 'descr', 'fortran_order' and 'shape', padded with
/// spaces and a newline so that the data starts on a 64-byte boundary.
/// Validation is strict so that a corrupt header is reported before anything sized by it is allocated.
/// </summary>
internal sealed partial record NpyHeader(NpyDType DType, bool BigEndian, int[] Shape, long DataOffset, int Version)
{
    public long Length => Shape.Aggregate(1L, (a, d) => a * d);
    public long DataBytes => Length * NpyDTypes.SizeOf(DType);

    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    public static NpyHeader Read(Stream s, string path, long fileLength)
    {
        Span<byte> pre = stackalloc byte[12];
        if (s.ReadAtLeast(pre[..10], 10, throwOnEndOfStream: false) < 10 || !pre[..6].SequenceEqual(Magic))
            throw new InputException($"{path}: not an NPY file (bad magic)");
        int major = pre[6];
        long headerLen;
        int prefix;
        if (major == 1)
        {
            headerLen = BitConverter.ToUInt16(pre[8..10]);
            prefix = 10;
        }
        else if (major is 2 or 3)
        {
            if (s.ReadAtLeast(pre[10..12], 2, throwOnEndOfStream: false) < 2) throw new InputException($"{path}: truncated NPY header");
            headerLen = BitConverter.ToUInt32(pre[8..12]);
            prefix = 12;
        }
        else throw new InputException($"{path}: unsupported NPY format version {major}.{pre[7]} (supported: 1.0, 2.0, 3.0)");
        if (headerLen > fileLength - prefix)
            throw new InputException($"{path}: corrupt NPY header: header length {headerLen} exceeds the file size {fileLength}");
        var buf = new byte[headerLen];
        s.ReadExactly(buf);
        string header;
        try { header = (major == 3 ? new UTF8Encoding(false, true) : Encoding.Latin1).GetString(buf); }
        catch (DecoderFallbackException) { throw new InputException($"{path}: corrupt NPY header (not valid UTF-8)"); }
        return ParseDict(header.Trim(), path, major, prefix + headerLen, fileLength);
    }

    private static NpyHeader ParseDict(string header, string path, int version, long dataOffset, long fileLength)
    {
        string shown = header.Length > 200 ? header[..200] + "..." : header;
        if (!header.StartsWith('{') || !header.EndsWith('}'))
            throw new InputException($"{path}: corrupt NPY header '{shown}'");
        if (StructuredRegex().IsMatch(header))
            throw new InputException($"{path}: structured (record) NPY dtypes are not supported; save a plain numeric array");
        var descr = DescrRegex().Match(header);
        var order = FortranRegex().Match(header);
        var shapeMatch = ShapeRegex().Match(header);
        if (!descr.Success || !order.Success || !shapeMatch.Success)
            throw new InputException($"{path}: corrupt NPY header '{shown}' (needs 'descr', 'fortran_order' and 'shape')");
        if (order.Groups[1].Value == "True")
            throw new InputException($"{path}: Fortran-order NPY is not supported; save it in C order (numpy.ascontiguousarray)");
        string d = descr.Groups[1].Value;
        var parsed = NpyDTypes.Parse(d)
            ?? throw new InputException($"{path}: unsupported NPY dtype '{d}' (supported: uint8, uint16, int8, int16, int32, int64, float32, float64, bool)");
        int[] shape = ParseShape(shapeMatch.Groups[1].Value, path);
        long count = 1;
        try
        {
            foreach (int n in shape) count = checked(count * n);
            long bytes = checked(count * NpyDTypes.SizeOf(parsed.Type));
            if (bytes > fileLength - dataOffset)
                throw new InputException($"{path}: truncated NPY: shape ({string.Join(", ", shape)}) of {d} needs {bytes} data bytes, the file holds {Math.Max(0, fileLength - dataOffset)}");
        }
        catch (OverflowException)
        {
            throw new InputException($"{path}: corrupt NPY header: shape ({string.Join(", ", shape)}) is impossibly large");
        }
        return new NpyHeader(parsed.Type, parsed.BigEndian, shape, dataOffset, version);
    }

    private static int[] ParseShape(string text, string path)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        // "(3,)" splits into ["3", ""]; "()" into [""]: a trailing empty entry is the tuple's comma.
        if (parts.Length > 0 && parts[^1].Length == 0) parts = parts[..^1];
        if (parts.Length > 32) throw new InputException($"{path}: corrupt NPY shape: {parts.Length} dimensions");
        var shape = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            string t = parts[i].EndsWith('L') ? parts[i][..^1] : parts[i];
            if (!long.TryParse(t, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long v))
                throw new InputException($"{path}: corrupt NPY shape entry '{parts[i]}'");
            if (v > int.MaxValue)
                throw new InputException($"{path}: NPY dimension {v} is larger than {int.MaxValue}");
            shape[i] = (int)v;
        }
        return shape;
    }

    /// <summary>The header bytes for a little-endian C-order array; format 1.0 unless the header needs 2.0.</summary>
    public static byte[] Build(NpyDType dtype, IReadOnlyList<int> shape)
    {
        foreach (int d in shape) if (d < 0) throw new ArgumentException($"NPY: negative dimension in shape ({string.Join(", ", shape)})");
        string shapeText = shape.Count == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";
        string dict = $"{{'descr': '{NpyDTypes.Descr(dtype)}', 'fortran_order': False, 'shape': {shapeText}, }}";
        int version = (10 + dict.Length + 1 + 63) / 64 * 64 - 10 <= ushort.MaxValue ? 1 : 2;
        int prefix = version == 1 ? 10 : 12;
        int padded = (prefix + dict.Length + 1 + 63) / 64 * 64;
        dict = dict.PadRight(padded - prefix - 1) + "\n";
        var header = new byte[padded];
        Magic.CopyTo(header, 0);
        header[6] = (byte)version;
        header[7] = 0;
        if (version == 1) BitConverter.TryWriteBytes(header.AsSpan(8, 2), (ushort)dict.Length);
        else BitConverter.TryWriteBytes(header.AsSpan(8, 4), (uint)dict.Length);
        Encoding.ASCII.GetBytes(dict).CopyTo(header, prefix);
        return header;
    }

    [GeneratedRegex(@"['""]descr['""]\s*:\s*\[")] private static partial Regex StructuredRegex();
    [GeneratedRegex(@"['""]descr['""]\s*:\s*['""]([^'""]*)['""]")] private static partial Regex DescrRegex();
    [GeneratedRegex(@"['""]fortran_order['""]\s*:\s*(True|False)")] private static partial Regex FortranRegex();
    [GeneratedRegex(@"['""]shape['""]\s*:\s*\(([^)]*)\)")] private static partial Regex ShapeRegex();
}
