using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace EntropyScope.IO;

/// <summary>
/// Streams an uncompressed little-endian multi-page grayscale TIFF (one IFD per page, one strip per page;
/// 8/16-bit unsigned or 32-bit float), readable by ImageJ/Fiji, tifffile and libtiff. Pages are appended one at a
/// time, so memory stays at one page. The file is written under a temporary name and appears only at
/// <see cref="Commit"/>; disposing without a commit deletes it. Classic TIFF: the stack must stay below 4 GiB.
/// </summary>
public sealed class TiffStackWriter : IDisposable
{
    // Tag layout of every IFD (ascending tag order, as TIFF requires).
    private const int EntryCount = 10;
    private const int IfdBytes = 2 + EntryCount * 12 + 4;
    private readonly PendingFile _file;
    private readonly int _pageBytes;
    private readonly long _blockBytes;
    private long _lastIfd = -1;
    private bool _done;

    public string Path => _file.FinalPath;
    public int Width { get; }
    public int Height { get; }
    public NpyDType DType { get; }
    public int PageCount { get; private set; }

    public TiffStackWriter(string path, int height, int width, NpyDType dtype)
    {
        if (height < 1 || width < 1) throw new ArgumentException($"TiffStackWriter: frame size {height}×{width} must be positive");
        if (dtype is not (NpyDType.UInt8 or NpyDType.UInt16 or NpyDType.Float32))
            throw new ArgumentException($"TiffStackWriter: dtype {dtype} not supported (uint8, uint16 or float32)");
        Width = width;
        Height = height;
        DType = dtype;
        _pageBytes = checked(width * height * NpyDTypes.SizeOf(dtype));
        _blockBytes = IfdBytes + _pageBytes + (_pageBytes & 1);   // keep every IFD word-aligned
        _file = new PendingFile(path);
        try
        {
            Span<byte> header = stackalloc byte[8];
            header[0] = (byte)'I'; header[1] = (byte)'I';
            BinaryPrimitives.WriteUInt16LittleEndian(header[2..], 42);
            BinaryPrimitives.WriteUInt32LittleEndian(header[4..], 8);
            RandomAccess.Write(_file.Handle, header, 0);
        }
        catch
        {
            _file.Dispose();
            throw;
        }
    }

    public static TiffStackWriter Create<T>(string path, int height, int width) where T : unmanaged => new(path, height, width, NpyDTypes.Of<T>());

    /// <summary>Appends one row-major H×W page; T must match <see cref="DType"/> (byte, ushort or float).</summary>
    public void AppendPage<T>(ReadOnlySpan<T> page) where T : unmanaged
    {
        ObjectDisposedException.ThrowIf(_done, this);
        if (NpyDTypes.Of<T>() != DType) throw new ArgumentException($"TiffStackWriter {Path}: {typeof(T).Name} pages do not match dtype {DType}");
        if (page.Length != Width * Height) throw new ArgumentException($"TiffStackWriter {Path}: page has {page.Length} values, expected {Height}×{Width}");
        long ifd = 8 + PageCount * _blockBytes;
        long data = ifd + IfdBytes;
        if (data + _pageBytes + IfdBytes > uint.MaxValue)
            throw new InputException($"{Path}: TIFF stack would exceed 4 GiB after {PageCount} pages; write NPY instead");
        var block = new byte[_blockBytes];
        WriteIfd(block, data, next: ifd + _blockBytes);
        MemoryMarshal.AsBytes(page).CopyTo(block.AsSpan(IfdBytes));
        RandomAccess.Write(_file.Handle, block, ifd);
        _lastIfd = ifd;
        PageCount++;
    }

    private void WriteIfd(Span<byte> b, long dataOffset, long next)
    {
        int bits = NpyDTypes.SizeOf(DType) * 8;
        int sampleFormat = DType == NpyDType.Float32 ? 3 : 1;
        BinaryPrimitives.WriteUInt16LittleEndian(b, EntryCount);
        int at = 2;
        void Entry(Span<byte> s, ushort tag, ushort type, uint value)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(s[at..], tag);
            BinaryPrimitives.WriteUInt16LittleEndian(s[(at + 2)..], type);
            BinaryPrimitives.WriteUInt32LittleEndian(s[(at + 4)..], 1);
            if (type == 3) BinaryPrimitives.WriteUInt16LittleEndian(s[(at + 8)..], (ushort)value);
            else BinaryPrimitives.WriteUInt32LittleEndian(s[(at + 8)..], value);
            at += 12;
        }
        const ushort Short = 3, Long = 4;
        Entry(b, 256, Long, (uint)Width);          // ImageWidth
        Entry(b, 257, Long, (uint)Height);         // ImageLength
        Entry(b, 258, Short, (uint)bits);          // BitsPerSample
        Entry(b, 259, Short, 1);                   // Compression: none
        Entry(b, 262, Short, 1);                   // Photometric: min-is-black
        Entry(b, 273, Long, (uint)dataOffset);     // StripOffsets
        Entry(b, 277, Short, 1);                   // SamplesPerPixel
        Entry(b, 278, Long, (uint)Height);         // RowsPerStrip: one strip per page
        Entry(b, 279, Long, (uint)_pageBytes);     // StripByteCounts
        Entry(b, 339, Short, (uint)sampleFormat);  // SampleFormat
        BinaryPrimitives.WriteUInt32LittleEndian(b[at..], (uint)next);
    }

    /// <summary>Ends the IFD chain and renames the file into place. At least one page is required.</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_done, this);
        if (PageCount == 0) throw new InvalidOperationException($"TiffStackWriter {Path}: no pages appended");
        Span<byte> zero = stackalloc byte[4];
        RandomAccess.Write(_file.Handle, zero, _lastIfd + 2 + EntryCount * 12);
        _file.Commit();
        _done = true;
    }

    public void Dispose()
    {
        if (!_done) _file.Dispose();
        _done = true;
    }
}
