using System.Buffers;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Win32.SafeHandles;

namespace EntropyScope.IO;

/// <summary>
/// A multi-page grayscale TIFF stack read lazily, one page at a time: classic TIFF or BigTIFF, little- or
/// big-endian, strips or tiles, uncompressed / PackBits / LZW (with or without the horizontal predictor) /
/// Deflate; 8/16-bit unsigned (also 8/16/32-bit signed and 32/64-bit float). ImageJ stacks written with a single
/// IFD ("images=N" in the ImageDescription, frames contiguous after the first) are expanded to N pages.
/// All pages must share one size and sample type. Thread-safe for concurrent <see cref="CopyPages{T}"/> calls.
/// </summary>
public sealed partial class TiffStack : IDisposable
{
    private readonly SafeFileHandle _file;
    private readonly List<TiffPage> _pages;

    public string Path { get; }
    public int PageCount => _pages.Count;
    public int Width { get; }
    public int Height { get; }
    public NpyDType DType { get; }
    public bool BigEndian { get; }
    /// <summary>The first page's ImageDescription tag, if any.</summary>
    public string? Description { get; }
    /// <summary>True when the pages were recovered from a single-IFD ImageJ stack.</summary>
    public bool IsImageJContiguous { get; }

    private TiffStack(string path, SafeFileHandle file, List<TiffPage> pages, bool bigEndian, string? description, bool imageJ)
    {
        Path = path; _file = file; _pages = pages; BigEndian = bigEndian; Description = description; IsImageJContiguous = imageJ;
        Width = pages[0].Width;
        Height = pages[0].Height;
        DType = pages[0].DType;
    }

    public static TiffStack Open(string path)
    {
        if (Directory.Exists(path)) throw new InputException($"{path}: is a folder, expected a TIFF file");
        if (!File.Exists(path)) throw new InputException($"{path}: file not found");
        SafeFileHandle file;
        try { file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read); }
        catch (IOException e) { throw new InputException($"{path}: cannot read TIFF file: {e.Message}"); }
        catch (UnauthorizedAccessException) { throw new InputException($"{path}: permission denied"); }
        try
        {
            var (pages, big, description) = TiffDirectoryReader.ReadAll(file, path);
            bool imageJ = false;
            if (description is not null && pages.Count == 1 && ImageJImages(description) is int n && n > 1)
            {
                pages = ExpandImageJ(pages[0], n, RandomAccess.GetLength(file), path);
                imageJ = true;
            }
            var p0 = pages[0];
            for (int i = 1; i < pages.Count; i++)
            {
                var p = pages[i];
                if (p.Width != p0.Width || p.Height != p0.Height)
                    throw new InputException($"{path}: page {i} is {p.Height}×{p.Width} (H×W) but page 0 is {p0.Height}×{p0.Width}; all pages of a stack must have the same size");
                if (p.DType != p0.DType)
                    throw new InputException($"{path}: page {i} holds {p.DType} samples but page 0 holds {p0.DType}; all pages of a stack must have one sample type");
            }
            return new TiffStack(path, file, pages, big, description, imageJ);
        }
        catch (IOException e)
        {
            file.Dispose();
            throw new InputException($"{path}: cannot read TIFF file: {e.Message}");
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static int? ImageJImages(string description)
    {
        if (!description.StartsWith("ImageJ=", StringComparison.Ordinal)) return null;
        var m = ImagesRegex().Match(description);
        return m.Success && int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : null;
    }

    // ImageJ writes one IFD and the N frames back to back (uncompressed) after the first frame's offset.
    private static List<TiffPage> ExpandImageJ(TiffPage first, int images, long fileLength, string path)
    {
        if (first.Compression != TiffCompression.None || first.Tiled)
            throw new InputException($"{path}: ImageJ stack of {images} images with a single compressed/tiled IFD is not supported");
        for (int s = 1; s < first.Offsets.Length; s++)
            if (first.Offsets[s] != first.Offsets[s - 1] + first.ByteCounts[s - 1])
                throw new InputException($"{path}: ImageJ stack of {images} images whose first frame is not contiguous is not supported");
        long pageBytes = first.PageBytes, start = first.Offsets[0];
        if (start + images * pageBytes > fileLength)
            throw new InputException($"{path}: truncated ImageJ stack: {images} frames of {pageBytes} bytes need {start + images * pageBytes} bytes, the file holds {fileLength}");
        var pages = new List<TiffPage>(images);
        for (int i = 0; i < images; i++)
            pages.Add(first with { BlockHeight = first.Height, Offsets = [start + i * pageBytes], ByteCounts = [pageBytes] });
        return pages;
    }

    /// <summary>
    /// Copies pages [start, start + count) (row-major H×W each) converted to T (float, double, long, int, short,
    /// ushort, byte or sbyte) into the first count·H·W entries of <paramref name="destination"/>.
    /// </summary>
    public void CopyPages<T>(int start, int count, Span<T> destination) where T : unmanaged
    {
        if (start < 0 || count < 0 || start > PageCount - count)
            throw new ArgumentOutOfRangeException(nameof(start), $"{Path}: pages [{start}, {start + count}) outside {PageCount} pages");
        int frame = checked(Width * Height);
        if (destination.Length < (long)count * frame)
            throw new ArgumentException($"destination holds {destination.Length} values, {count} pages of {Height}×{Width} need {(long)count * frame}", nameof(destination));
        int pageBytes = checked((int)_pages[0].PageBytes);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(pageBytes);
        try
        {
            for (int i = 0; i < count; i++)
            {
                var raw = buffer.AsSpan(0, pageBytes);
                DecodePage(start + i, raw);
                ElementConvert.Copy(DType, false, raw, destination.Slice(i * frame, frame));
            }
        }
        finally { ArrayPool<byte>.Shared.Return(buffer); }
    }

    public T[] ReadAll<T>() where T : unmanaged
    {
        var result = new T[checked((long)PageCount * Width * Height)];
        CopyPages<T>(0, PageCount, result);
        return result;
    }

    /// <summary>Decodes page <paramref name="index"/> into native-order samples (predictor undone, min-is-white inverted).</summary>
    private void DecodePage(int index, Span<byte> page)
    {
        var p = _pages[index];
        int bps = p.BytesPerSample;
        if (p.Tiled) DecodeTiles(p, index, page);
        else
        {
            long rowBytes = (long)p.Width * bps;
            for (int s = 0; s < p.Offsets.Length; s++)
            {
                int rows = Math.Min(p.BlockHeight, p.Height - s * p.BlockHeight);
                var dst = page.Slice((int)(s * p.BlockHeight * rowBytes), (int)(rows * rowBytes));
                DecodeBlock(p, index, s, dst);
            }
            if (BigEndian) ElementConvert.SwapInPlace(page, bps);
            if (p.Predictor == 2) TiffPredictor.UndoHorizontal(page, p.Width, bps);
        }
        if (p.WhiteIsZero) TiffPredictor.Invert(page);
    }

    private void DecodeTiles(TiffPage p, int index, Span<byte> page)
    {
        int bps = p.BytesPerSample;
        int tileRow = p.BlockWidth * bps;
        int tileBytes = checked(tileRow * p.BlockHeight);
        int across = (p.Width + p.BlockWidth - 1) / p.BlockWidth;
        byte[] tile = ArrayPool<byte>.Shared.Rent(tileBytes);
        try
        {
            for (int t = 0; t < p.Offsets.Length; t++)
            {
                var buf = tile.AsSpan(0, tileBytes);
                DecodeBlock(p, index, t, buf);
                if (BigEndian) ElementConvert.SwapInPlace(buf, bps);
                if (p.Predictor == 2) TiffPredictor.UndoHorizontal(buf, p.BlockWidth, bps);
                int x0 = t % across * p.BlockWidth, y0 = t / across * p.BlockHeight;
                int w = Math.Min(p.BlockWidth, p.Width - x0), h = Math.Min(p.BlockHeight, p.Height - y0);
                for (int y = 0; y < h; y++)
                    buf.Slice(y * tileRow, w * bps).CopyTo(page.Slice(((y0 + y) * p.Width + x0) * bps));
            }
        }
        finally { ArrayPool<byte>.Shared.Return(tile); }
    }

    // Reads one strip or tile and decompresses it to exactly dst.Length bytes.
    private void DecodeBlock(TiffPage p, int index, int block, Span<byte> dst)
    {
        long offset = p.Offsets[block];
        int stored = (int)Math.Min(p.ByteCounts[block], int.MaxValue);
        string what = p.Tiled ? "tile" : "strip";
        if (p.Compression == TiffCompression.None)
        {
            if (RandomAccess.Read(_file, dst, offset) < dst.Length)
                throw new InputException($"{Path}: truncated TIFF: page {index} {what} {block} ends early");
            return;
        }
        byte[] src = ArrayPool<byte>.Shared.Rent(stored);
        try
        {
            var s = src.AsSpan(0, stored);
            if (RandomAccess.Read(_file, s, offset) < stored)
                throw new InputException($"{Path}: truncated TIFF: page {index} {what} {block} ends early");
            int produced = p.Compression switch
            {
                TiffCompression.PackBits => PackBits.Decode(s, dst),
                TiffCompression.Lzw => Lzw.Decode(s, dst),
                _ => Deflate.Decode(s, dst),
            };
            if (produced < 0)
                throw new InputException($"{Path}: corrupt TIFF: page {index} {what} {block} is not valid {TiffCompression.Name(p.Compression)} data");
            if (produced < dst.Length)
                throw new InputException($"{Path}: corrupt or truncated TIFF: page {index} {what} {block} decodes to {produced} of {dst.Length} bytes ({TiffCompression.Name(p.Compression)})");
        }
        finally { ArrayPool<byte>.Shared.Return(src); }
    }

    [GeneratedRegex(@"(?m)^images=(\d+)\s*$")] private static partial Regex ImagesRegex();

    public void Dispose() => _file.Dispose();
}
