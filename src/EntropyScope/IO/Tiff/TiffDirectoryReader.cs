using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace EntropyScope.IO;

/// <summary>
/// Walks the image file directories (IFDs) of a classic or BigTIFF file, either byte order, and turns each
/// into a validated <see cref="TiffPage"/>. Every count and offset read from the file is checked against the
/// file size before anything is allocated from it, and IFD loops are detected.
/// </summary>
internal sealed class TiffDirectoryReader
{
    private readonly SafeFileHandle _file;
    private readonly string _path;
    private readonly long _fileLength;
    private readonly bool _big;
    private readonly bool _bigTiff;

    public bool BigEndian => _big;

    private TiffDirectoryReader(SafeFileHandle file, string path, long fileLength, bool bigEndian, bool bigTiff)
    {
        _file = file; _path = path; _fileLength = fileLength; _big = bigEndian; _bigTiff = bigTiff;
    }

    private const int TagSubfileType = 254, TagWidth = 256, TagHeight = 257, TagBits = 258, TagCompression = 259,
        TagPhotometric = 262, TagFillOrder = 266, TagDescription = 270, TagStripOffsets = 273, TagSamples = 277,
        TagRowsPerStrip = 278, TagStripByteCounts = 279, TagPlanar = 284, TagPredictor = 317, TagTileWidth = 322,
        TagTileLength = 323, TagTileOffsets = 324, TagTileByteCounts = 325, TagSampleFormat = 339;

    /// <summary>Reads every full-resolution page; <paramref name="description"/> is the first page's ImageDescription.</summary>
    public static (List<TiffPage> Pages, bool BigEndian, string? Description) ReadAll(SafeFileHandle file, string path)
    {
        long length = RandomAccess.GetLength(file);
        Span<byte> head = stackalloc byte[16];
        int n = RandomAccess.Read(file, head, 0);
        if (n < 8) throw new InputException($"{path}: not a TIFF file (too short)");
        bool big = head[0] == 'M' && head[1] == 'M';
        if (!big && !(head[0] == 'I' && head[1] == 'I')) throw new InputException($"{path}: not a TIFF file (bad byte-order mark)");
        int version = big ? BinaryPrimitives.ReadUInt16BigEndian(head[2..]) : BinaryPrimitives.ReadUInt16LittleEndian(head[2..]);
        bool bigTiff = version == 43;
        if (version != 42 && !bigTiff) throw new InputException($"{path}: not a TIFF file (version {version})");
        if (bigTiff && n < 16) throw new InputException($"{path}: truncated BigTIFF header");
        var r = new TiffDirectoryReader(file, path, length, big, bigTiff);
        long first = bigTiff ? (long)r.U64(head[8..]) : r.U32(head[4..]);
        var pages = new List<TiffPage>();
        string? description = null;
        var visited = new HashSet<long>();
        for (long offset = first; offset != 0;)
        {
            if (!visited.Add(offset)) throw new InputException($"{path}: corrupt TIFF: IFD chain loops back to offset {offset}");
            var (entries, next) = r.ReadIfd(offset, visited.Count - 1);
            var page = r.ToPage(entries, visited.Count - 1, out bool reduced, out string? desc);
            if (visited.Count == 1) description = desc;
            if (!reduced) pages.Add(page);
            offset = next;
        }
        if (pages.Count == 0) throw new InputException($"{path}: TIFF file has no images");
        return (pages, big, description);
    }

    private readonly record struct Entry(int Tag, int Type, long Count, long ValueOffset, byte[] Inline);

    private (Dictionary<int, Entry> Entries, long Next) ReadIfd(long offset, int index)
    {
        int countSize = _bigTiff ? 8 : 2, entrySize = _bigTiff ? 20 : 12, nextSize = _bigTiff ? 8 : 4;
        if (offset < 8 || offset > _fileLength - countSize)
            throw new InputException($"{_path}: truncated or corrupt TIFF: IFD {index} at offset {offset} lies outside the file ({_fileLength} bytes)");
        var cbuf = new byte[countSize];
        RandomAccess.Read(_file, cbuf, offset);
        long count = _bigTiff ? (long)U64(cbuf) : U16(cbuf);
        if (count <= 0 || count > _fileLength / entrySize || offset + countSize + count * entrySize + nextSize > _fileLength)
            throw new InputException($"{_path}: truncated or corrupt TIFF: IFD {index} at offset {offset} claims {count} entries beyond the end of the file");
        var buf = new byte[count * entrySize + nextSize];
        RandomAccess.Read(_file, buf, offset + countSize);
        var entries = new Dictionary<int, Entry>();
        for (int i = 0; i < count; i++)
        {
            var e = buf.AsSpan(i * entrySize, entrySize);
            int tag = U16(e), type = U16(e[2..]);
            long cnt = _bigTiff ? (long)U64(e[4..]) : U32(e[8..]);
            byte[] inline = e[(_bigTiff ? 12 : 8)..].ToArray();
            long vo = _bigTiff ? (long)U64(inline) : U32(inline);
            entries[tag] = new Entry(tag, type, cnt, vo, inline);
        }
        var nb = buf.AsSpan((int)(count * entrySize));
        long next = _bigTiff ? (long)U64(nb) : U32(nb);
        return (entries, next);
    }

    private static int TypeSize(int type) => type switch
    {
        1 or 2 or 6 or 7 => 1,
        3 or 8 => 2,
        4 or 9 or 11 or 13 => 4,
        5 or 10 or 12 or 16 or 17 or 18 => 8,
        _ => 0,
    };

    private byte[] RawValue(Entry e, int page)
    {
        int ts = TypeSize(e.Type);
        if (ts == 0) throw new InputException($"{_path}: corrupt TIFF: page {page} tag {e.Tag} has unknown field type {e.Type}");
        if (e.Count < 0 || e.Count > _fileLength || e.Count * ts > _fileLength) throw new InputException($"{_path}: corrupt TIFF: page {page} tag {e.Tag} claims {e.Count} values, more than the file holds");
        long bytes = e.Count * ts;
        if (bytes <= e.Inline.Length) return e.Inline[..(int)bytes];
        if (e.ValueOffset < 0 || e.ValueOffset > _fileLength - bytes)
            throw new InputException($"{_path}: truncated or corrupt TIFF: page {page} tag {e.Tag} values lie outside the file");
        var buf = new byte[bytes];
        RandomAccess.Read(_file, buf, e.ValueOffset);
        return buf;
    }

    private long[] Values(Entry e, int page)
    {
        byte[] raw = RawValue(e, page);
        var v = new long[e.Count];
        for (int i = 0; i < v.Length; i++)
        {
            var s = raw.AsSpan();
            v[i] = e.Type switch
            {
                1 or 7 => s[i],
                6 => (sbyte)s[i],
                3 => U16(s[(2 * i)..]),
                8 => (short)U16(s[(2 * i)..]),
                4 or 13 => U32(s[(4 * i)..]),
                9 => (int)U32(s[(4 * i)..]),
                16 or 17 or 18 => (long)U64(s[(8 * i)..]),
                _ => throw new InputException($"{_path}: corrupt TIFF: page {page} tag {e.Tag} has non-integer type {e.Type}"),
            };
        }
        return v;
    }

    private long Scalar(Dictionary<int, Entry> d, int tag, long fallback, int page)
    {
        if (!d.TryGetValue(tag, out var e)) return fallback;
        var v = Values(e, page);
        if (v.Length == 0) throw new InputException($"{_path}: corrupt TIFF: page {page} tag {tag} is empty");
        return v[0];
    }

    private TiffPage ToPage(Dictionary<int, Entry> d, int page, out bool reduced, out string? description)
    {
        string where = $"{_path}: page {page}";
        reduced = (Scalar(d, TagSubfileType, 0, page) & 1) != 0;
        description = d.TryGetValue(TagDescription, out var de) && de.Type == 2 ? Encoding.Latin1.GetString(RawValue(de, page)).TrimEnd('\0') : null;
        long width = Scalar(d, TagWidth, -1, page), height = Scalar(d, TagHeight, -1, page);
        if (width < 1 || height < 1 || width > int.MaxValue || height > int.MaxValue)
            throw new InputException($"{where}: corrupt TIFF: image size {width}×{height}");
        long samples = Scalar(d, TagSamples, 1, page);
        if (samples != 1)
            throw new InputException($"{where}: TIFF with {samples} samples per pixel (colour) is not supported; convert to 8- or 16-bit grayscale");
        long photometric = Scalar(d, TagPhotometric, 1, page);
        if (photometric is not (0 or 1))
            throw new InputException($"{where}: TIFF photometric interpretation {photometric} ({PhotometricName(photometric)}) is not supported; use grayscale (min-is-black)");
        long bits = d.TryGetValue(TagBits, out var be) ? Values(be, page).DefaultIfEmpty(1).First() : 1;
        long format = d.TryGetValue(TagSampleFormat, out var fe) ? Values(fe, page).DefaultIfEmpty(1).First() : 1;
        NpyDType dtype = (bits, format) switch
        {
            (8, 1) => NpyDType.UInt8,
            (16, 1) => NpyDType.UInt16,
            (8, 2) => NpyDType.Int8,
            (16, 2) => NpyDType.Int16,
            (32, 2) => NpyDType.Int32,
            (32, 3) => NpyDType.Float32,
            (64, 3) => NpyDType.Float64,
            _ => throw new InputException($"{where}: TIFF with {bits}-bit {FormatName(format)} samples is not supported (use 8- or 16-bit grayscale, or 32-bit float)"),
        };
        long compression = Scalar(d, TagCompression, 1, page);
        if (!TiffCompression.Supported((int)compression))
            throw new InputException($"{where}: TIFF compression {compression} ({TiffCompression.Name((int)compression)}) is not supported (supported: none, PackBits, LZW, Deflate)");
        long predictor = Scalar(d, TagPredictor, 1, page);
        if (predictor is not (1 or 2) || (predictor == 2 && dtype is NpyDType.Float32 or NpyDType.Float64))
            throw new InputException($"{where}: TIFF predictor {predictor} is not supported for {dtype} (supported: none, horizontal for integers)");
        if (Scalar(d, TagFillOrder, 1, page) != 1)
            throw new InputException($"{where}: TIFF FillOrder 2 (reversed bits) is not supported");
        if (photometric == 0 && dtype is NpyDType.Float32 or NpyDType.Float64)
            throw new InputException($"{where}: min-is-white float TIFF is not supported");
        bool tiled = d.ContainsKey(TagTileOffsets);
        int bps = NpyDTypes.SizeOf(dtype);
        long blockW, blockH, blocks;
        long[] offsets, counts;
        if (tiled)
        {
            blockW = Scalar(d, TagTileWidth, -1, page);
            blockH = Scalar(d, TagTileLength, -1, page);
            if (blockW < 1 || blockH < 1 || blockW * blockH * bps > _fileLength * TiffCompression.MaxRatio((int)compression) + 65536)
                throw new InputException($"{where}: corrupt TIFF tile size {blockW}×{blockH}");
            blocks = ((width + blockW - 1) / blockW) * ((height + blockH - 1) / blockH);
            offsets = Values(d[TagTileOffsets], page);
            counts = d.TryGetValue(TagTileByteCounts, out var tc) ? Values(tc, page) : throw new InputException($"{where}: corrupt TIFF: TileByteCounts missing");
        }
        else
        {
            blockW = width;
            blockH = Math.Min(Scalar(d, TagRowsPerStrip, height, page), height);
            if (blockH < 1) throw new InputException($"{where}: corrupt TIFF RowsPerStrip {blockH}");
            blocks = (height + blockH - 1) / blockH;
            offsets = d.TryGetValue(TagStripOffsets, out var so) ? Values(so, page) : throw new InputException($"{where}: corrupt TIFF: StripOffsets missing");
            if (d.TryGetValue(TagStripByteCounts, out var sc)) counts = Values(sc, page);
            else if (compression == 1 && blocks == 1 && offsets.Length == 1) counts = [width * height * bps];
            else throw new InputException($"{where}: corrupt TIFF: StripByteCounts missing");
        }
        if (offsets.Length < blocks || counts.Length < blocks)
            throw new InputException($"{where}: corrupt TIFF: {offsets.Length} {(tiled ? "tile" : "strip")} offsets for {blocks} {(tiled ? "tiles" : "strips")}");
        if (Scalar(d, TagPlanar, 1, page) is not (1 or 2)) throw new InputException($"{where}: corrupt TIFF PlanarConfiguration");
        var pageInfo = new TiffPage((int)width, (int)height, dtype, (int)compression, (int)predictor, photometric == 0, tiled,
            (int)blockW, (int)blockH, offsets[..(int)blocks], counts[..(int)blocks]);
        CheckBlocks(pageInfo, where);
        return pageInfo;
    }

    // Every strip/tile must lie inside the file and, compressed, be able to hold its decoded size.
    private void CheckBlocks(TiffPage p, string where)
    {
        int bps = p.BytesPerSample;
        for (int b = 0; b < p.Offsets.Length; b++)
        {
            long off = p.Offsets[b], cnt = p.ByteCounts[b];
            if (off < 0 || cnt < 0 || off > _fileLength - cnt)
                throw new InputException($"{where}: truncated TIFF: {(p.Tiled ? "tile" : "strip")} {b} ({cnt} bytes at offset {off}) extends past the end of the file ({_fileLength} bytes)");
            long rows = p.Tiled ? p.BlockHeight : Math.Min(p.BlockHeight, p.Height - (long)b * p.BlockHeight);
            long need = rows * p.BlockWidth * bps;
            if (p.Compression == TiffCompression.None ? cnt < need : need > cnt * TiffCompression.MaxRatio(p.Compression) + 1024)
                throw new InputException($"{where}: truncated or corrupt TIFF: {(p.Tiled ? "tile" : "strip")} {b} has {cnt} bytes for {need} bytes of pixels");
        }
    }

    private static string PhotometricName(long p) => p switch
    {
        2 => "RGB",
        3 => "palette",
        4 => "transparency mask",
        5 => "CMYK",
        6 => "YCbCr",
        8 => "CIELab",
        _ => "unknown",
    };

    private static string FormatName(long f) => f switch { 1 => "unsigned", 2 => "signed", 3 => "float", _ => $"format-{f}" };

    private int U16(ReadOnlySpan<byte> s) => _big ? BinaryPrimitives.ReadUInt16BigEndian(s) : BinaryPrimitives.ReadUInt16LittleEndian(s);
    private long U32(ReadOnlySpan<byte> s) => _big ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s);
    private ulong U64(ReadOnlySpan<byte> s) => _big ? BinaryPrimitives.ReadUInt64BigEndian(s) : BinaryPrimitives.ReadUInt64LittleEndian(s);
}
