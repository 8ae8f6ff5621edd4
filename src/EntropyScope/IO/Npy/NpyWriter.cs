using System.Runtime.InteropServices;

namespace EntropyScope.IO;

/// <summary>
/// Streams a C-order little-endian .npy file whose dtype and full shape are known up front, so a movie set far
/// larger than memory can be written chunk by chunk: <see cref="Append{T}"/> writes sequentially through a
/// small buffer, <see cref="WriteAt{T}"/> writes at an element offset (thread-safe; for parallel producers).
/// The file lives under a temporary name until <see cref="Commit"/> checks that every element was written and
/// renames it into place; disposing without a commit deletes it.
/// </summary>
/// <example><code>
/// using var w = NpyWriter.Create&lt;byte&gt;(path, movies, frames, height, width);
/// foreach (var frame in frames) w.Append&lt;byte&gt;(frame);
/// w.Commit();
/// </code></example>
public sealed class NpyWriter : IDisposable
{
    private const int BufferBytes = 1 << 20;
    private readonly PendingFile _file;
    private readonly long _dataOffset;
    private readonly byte[] _buffer = new byte[BufferBytes];
    private int _buffered;
    private long _appendPosition;     // bytes appended (flushed or buffered), relative to the data start
    private long _positionalBytes;    // bytes written through WriteAt
    private bool _committed;

    public string Path => _file.FinalPath;
    public NpyDType DType { get; }
    public int[] Shape { get; }
    /// <summary>Total number of elements the shape holds.</summary>
    public long Length { get; }
    /// <summary>Elements written so far (appended plus positional).</summary>
    public long Written => (_appendPosition + Interlocked.Read(ref _positionalBytes)) / NpyDTypes.SizeOf(DType);

    public NpyWriter(string path, NpyDType dtype, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        DType = dtype;
        Shape = (int[])shape.Clone();
        long length = 1;
        foreach (int d in Shape)
        {
            if (d < 0) throw new ArgumentException($"NpyWriter: negative dimension in shape ({string.Join(", ", Shape)})", nameof(shape));
            length = checked(length * d);
        }
        Length = length;
        byte[] header = NpyHeader.Build(dtype, Shape);
        _dataOffset = header.Length;
        _file = new PendingFile(path);
        try
        {
            RandomAccess.Write(_file.Handle, header, 0);
            RandomAccess.SetLength(_file.Handle, _dataOffset + checked(length * NpyDTypes.SizeOf(dtype)));
        }
        catch
        {
            _file.Dispose();
            throw;
        }
    }

    /// <summary>Creates a writer whose dtype is that of <typeparamref name="T"/> (byte → uint8, double → float64, ...).</summary>
    public static NpyWriter Create<T>(string path, params int[] shape) where T : unmanaged => new(path, NpyDTypes.Of<T>(), shape);

    /// <summary>Appends the next elements in C order. T must be the element type of <see cref="DType"/>.</summary>
    public void Append<T>(ReadOnlySpan<T> values) where T : unmanaged
    {
        CheckType<T>();
        ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(values);
        long elementSize = NpyDTypes.SizeOf(DType);
        if ((_appendPosition + bytes.Length) / elementSize > Length)
            throw new InvalidOperationException($"NpyWriter {Path}: appending {values.Length} elements overflows the shape ({string.Join(", ", Shape)})");
        while (bytes.Length > 0)
        {
            int n = Math.Min(bytes.Length, BufferBytes - _buffered);
            bytes[..n].CopyTo(_buffer.AsSpan(_buffered));
            _buffered += n;
            _appendPosition += n;
            bytes = bytes[n..];
            if (_buffered == BufferBytes) Flush();
        }
    }

    /// <summary>Appends a span (convenience overload for arrays).</summary>
    public void Append<T>(T[] values) where T : unmanaged => Append<T>(values.AsSpan());

    /// <summary>
    /// Writes elements starting at C-order element index <paramref name="elementOffset"/>, unbuffered and
    /// thread-safe (distinct ranges from several threads). Do not overlap ranges or mix with <see cref="Append{T}"/>
    /// over the same region: <see cref="Commit"/> counts written elements.
    /// </summary>
    public void WriteAt<T>(long elementOffset, ReadOnlySpan<T> values) where T : unmanaged
    {
        CheckType<T>();
        if (elementOffset < 0 || elementOffset > Length - values.Length)
            throw new ArgumentOutOfRangeException(nameof(elementOffset), $"NpyWriter {Path}: range [{elementOffset}, {elementOffset + values.Length}) outside {Length} elements");
        ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(values);
        RandomAccess.Write(_file.Handle, bytes, _dataOffset + elementOffset * NpyDTypes.SizeOf(DType));
        Interlocked.Add(ref _positionalBytes, bytes.Length);
    }

    /// <summary>Flushes, checks that the whole shape was written, and renames the file into place.</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_committed, this);
        Flush();
        if (Written != Length)
            throw new InvalidOperationException($"NpyWriter {Path}: {Written} of {Length} elements written; the shape ({string.Join(", ", Shape)}) is not complete");
        _file.Commit();
        _committed = true;
    }

    private void Flush()
    {
        if (_buffered == 0) return;
        RandomAccess.Write(_file.Handle, _buffer.AsSpan(0, _buffered), _dataOffset + _appendPosition - _buffered);
        _buffered = 0;
    }

    private void CheckType<T>() where T : unmanaged
    {
        ObjectDisposedException.ThrowIf(_committed, this);
        if (NpyDTypes.Of<T>() != DType)
            throw new ArgumentException($"NpyWriter {Path}: elements of type {typeof(T).Name} do not match the file dtype {DType}");
    }

    /// <summary>Without a prior <see cref="Commit"/>, deletes the temporary file: nothing half-written remains.</summary>
    public void Dispose()
    {
        if (!_committed) _file.Dispose();
        _committed = true;
    }
}
