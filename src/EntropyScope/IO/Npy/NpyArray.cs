using System.IO.MemoryMappedFiles;

namespace EntropyScope.IO;

/// <summary>
/// A memory-mapped, read-only .npy array (C order; format 1.0, 2.0 or 3.0; little- or big-endian numeric
/// dtypes). Nothing is read whole: callers copy element ranges out with conversion, so a movie larger than
/// memory can be sampled. Thread-safe for concurrent <see cref="CopyTo{T}"/> calls.
/// </summary>
public sealed unsafe class NpyArray : IDisposable
{
    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly byte* _data;
    private int _disposed;

    public string Path { get; }
    public int[] Shape { get; }
    public NpyDType DType { get; }
    /// <summary>True when the file stores a big-endian dtype ('&gt;'); values are converted on the fly.</summary>
    public bool BigEndian { get; }
    public long Length { get; }
    public int ElementSize { get; }
    /// <summary>NPY format major version of the file (1, 2 or 3).</summary>
    public int FormatVersion { get; }

    private NpyArray(string path, NpyHeader h, MemoryMappedFile? map, MemoryMappedViewAccessor? view)
    {
        Path = path;
        Shape = h.Shape;
        DType = h.DType;
        BigEndian = h.BigEndian;
        FormatVersion = h.Version;
        Length = h.Length;
        ElementSize = NpyDTypes.SizeOf(h.DType);
        _map = map;
        _view = view;
        if (view is not null)
        {
            byte* basePtr = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref basePtr);
            _data = basePtr + view.PointerOffset + h.DataOffset;
        }
    }

    /// <summary>Opens and validates <paramref name="path"/>; every problem with the file is an <see cref="InputException"/> naming it.</summary>
    public static NpyArray Open(string path)
    {
        if (Directory.Exists(path)) throw new InputException($"{path}: is a folder, expected an .npy file");
        if (!File.Exists(path)) throw new InputException($"{path}: file not found");
        try
        {
            long fileLength = new FileInfo(path).Length;
            NpyHeader h;
            using (var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096))
                h = NpyHeader.Read(fs, path, fileLength);
            if (h.DataBytes == 0) return new NpyArray(path, h, null, null);
            var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
            try
            {
                var view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
                return new NpyArray(path, h, map, view);
            }
            catch
            {
                map.Dispose();
                throw;
            }
        }
        catch (IOException e) { throw new InputException($"{path}: cannot read NPY file: {e.Message}"); }
        catch (UnauthorizedAccessException) { throw new InputException($"{path}: permission denied"); }
    }

    /// <summary>
    /// Copies elements [start, start + destination.Length) in C order, converted to T (float, double, long, int,
    /// short, ushort, byte or sbyte; float → integer truncates and saturates).
    /// </summary>
    public void CopyTo<T>(long start, Span<T> destination) where T : unmanaged
    {
        if (start < 0 || start > Length - destination.Length)
            throw new ArgumentOutOfRangeException(nameof(start), $"{Path}: range [{start}, {start + destination.Length}) outside {Length} elements");
        if (destination.Length == 0) return;
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        // A span is limited to int.MaxValue bytes: convert large requests in slices.
        long maxElements = int.MaxValue / ElementSize;
        for (long done = 0; done < destination.Length;)
        {
            int n = (int)Math.Min(maxElements, destination.Length - done);
            var raw = new ReadOnlySpan<byte>(_data + (start + done) * ElementSize, n * ElementSize);
            ElementConvert.Copy(DType, BigEndian, raw, destination.Slice((int)done, n));
            done += n;
        }
    }

    public T[] ReadAll<T>() where T : unmanaged
    {
        if (Length > Array.MaxLength) throw new InputException($"{Path}: {Length} elements are too many to read whole; read ranges with CopyTo");
        var result = new T[Length];
        CopyTo<T>(0, result);
        return result;
    }

    public static int SizeOf(NpyDType t) => NpyDTypes.SizeOf(t);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
        }
        _map?.Dispose();
    }
}
