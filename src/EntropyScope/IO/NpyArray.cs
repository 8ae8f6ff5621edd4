using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace EntropyScope.IO;

public enum NpyDType { UInt8, UInt16, Int32, Int64, Float32, Float64, Bool, Int8 }

/// <summary>
/// A memory-mapped, read-only .npy array (C order, little-endian, format 1.x/2.x). Nothing is read whole:
/// callers copy element ranges out with conversion, so a movie larger than memory can be sampled.
/// FIRST VERSION: the IO work hardens header validation and adds format/dtype coverage behind this same API.
/// </summary>
public sealed partial class NpyArray : IDisposable
{
    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly long _dataOffset;

    public string Path { get; }
    public int[] Shape { get; }
    public NpyDType DType { get; }
    public long Length { get; }
    public int ElementSize { get; }

    private NpyArray(string path, int[] shape, NpyDType dtype, long dataOffset, MemoryMappedFile? map, MemoryMappedViewAccessor? view)
    {
        Path = path; Shape = shape; DType = dtype; _dataOffset = dataOffset; _map = map; _view = view;
        Length = shape.Aggregate(1L, (a, d) => a * d);
        ElementSize = SizeOf(dtype);
    }

    public static NpyArray Open(string path)
    {
        if (!File.Exists(path)) throw new InputException($"{path}: file not found");
        long fileLength = new FileInfo(path).Length;
        int[] shape; NpyDType dtype; long dataOffset;
        using (var fs = File.OpenRead(path))
            (shape, dtype, dataOffset) = ReadHeader(fs, path, fileLength);
        long expected = shape.Aggregate(1L, (a, d) => checked(a * d)) * SizeOf(dtype);
        if (fileLength - dataOffset < expected)
            throw new InputException($"{path}: truncated NPY: header promises {expected} data bytes, file holds {fileLength - dataOffset}");
        if (expected == 0) return new NpyArray(path, shape, dtype, dataOffset, null, null);
        var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        var view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        return new NpyArray(path, shape, dtype, dataOffset, map, view);
    }

    /// <summary>Copies elements [start, start + destination.Length) converted to T (float, double, long, int or byte).</summary>
    public unsafe void CopyTo<T>(long start, Span<T> destination) where T : unmanaged
    {
        if (start < 0 || start + destination.Length > Length)
            throw new ArgumentOutOfRangeException(nameof(start), $"{Path}: range [{start}, {start + destination.Length}) outside {Length} elements");
        if (destination.Length == 0) return;
        byte* basePtr = null;
        _view!.SafeMemoryMappedViewHandle.AcquirePointer(ref basePtr);
        try
        {
            byte* p = basePtr + _view.PointerOffset + _dataOffset + start * ElementSize;
            int n = destination.Length;
            for (int i = 0; i < n; i++)
            {
                double v = DType switch
                {
                    NpyDType.UInt8 => p[i],
                    NpyDType.Bool => p[i],
                    NpyDType.Int8 => ((sbyte*)p)[i],
                    NpyDType.UInt16 => ((ushort*)p)[i],
                    NpyDType.Int32 => ((int*)p)[i],
                    NpyDType.Int64 => ((long*)p)[i],
                    NpyDType.Float32 => ((float*)p)[i],
                    _ => ((double*)p)[i],
                };
                destination[i] = Convert<T>(v);
            }
        }
        finally { _view.SafeMemoryMappedViewHandle.ReleasePointer(); }
    }

    public T[] ReadAll<T>() where T : unmanaged
    {
        var result = new T[checked((int)Length)];
        CopyTo<T>(0, result);
        return result;
    }

    private static T Convert<T>(double v) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) { float f = (float)v; return MemoryMarshal.Cast<float, T>(new Span<float>(ref f))[0]; }
        if (typeof(T) == typeof(double)) return MemoryMarshal.Cast<double, T>(new Span<double>(ref v))[0];
        if (typeof(T) == typeof(long)) { long l = (long)v; return MemoryMarshal.Cast<long, T>(new Span<long>(ref l))[0]; }
        if (typeof(T) == typeof(int)) { int x = (int)v; return MemoryMarshal.Cast<int, T>(new Span<int>(ref x))[0]; }
        if (typeof(T) == typeof(byte)) { byte b = (byte)v; return MemoryMarshal.Cast<byte, T>(new Span<byte>(ref b))[0]; }
        throw new NotSupportedException($"NpyArray: cannot convert to {typeof(T).Name}");
    }

    public static int SizeOf(NpyDType t) => t switch
    {
        NpyDType.UInt8 or NpyDType.Bool or NpyDType.Int8 => 1,
        NpyDType.UInt16 => 2,
        NpyDType.Int32 or NpyDType.Float32 => 4,
        _ => 8,
    };

    private static (int[] shape, NpyDType dtype, long dataOffset) ReadHeader(Stream s, string path, long fileLength)
    {
        Span<byte> pre = stackalloc byte[12];
        if (s.ReadAtLeast(pre[..10], 10, throwOnEndOfStream: false) < 10 || pre[0] != 0x93 || Encoding.ASCII.GetString(pre[1..6]) != "NUMPY")
            throw new InputException($"{path}: not an NPY file (bad magic)");
        int major = pre[6];
        long headerLen; int prefix;
        if (major == 1) { headerLen = BitConverter.ToUInt16(pre[8..10]); prefix = 10; }
        else if (major is 2 or 3)
        {
            if (s.ReadAtLeast(pre[10..12], 2, throwOnEndOfStream: false) < 2) throw new InputException($"{path}: truncated NPY header");
            headerLen = BitConverter.ToUInt32(pre[8..12]); prefix = 12;
        }
        else throw new InputException($"{path}: unsupported NPY format version {major}");
        if (headerLen > fileLength - prefix) throw new InputException($"{path}: corrupt NPY header length {headerLen}");
        var buf = new byte[headerLen];
        s.ReadExactly(buf);
        string header = Encoding.ASCII.GetString(buf);
        var descr = DescrRegex().Match(header);
        var order = FortranRegex().Match(header);
        var shapeMatch = ShapeRegex().Match(header);
        if (!descr.Success || !order.Success || !shapeMatch.Success) throw new InputException($"{path}: corrupt NPY header '{header.Trim()}'");
        if (order.Groups[1].Value == "True") throw new InputException($"{path}: Fortran-order NPY is not supported; save with C order");
        NpyDType dtype = descr.Groups[1].Value switch
        {
            "|u1" or "<u1" => NpyDType.UInt8,
            "|b1" => NpyDType.Bool,
            "|i1" or "<i1" => NpyDType.Int8,
            "<u2" => NpyDType.UInt16,
            "<i4" => NpyDType.Int32,
            "<i8" => NpyDType.Int64,
            "<f4" => NpyDType.Float32,
            "<f8" => NpyDType.Float64,
            var d => throw new InputException($"{path}: unsupported NPY dtype '{d}' (use uint8, uint16, int32, int64, float32 or float64)")
        };
        int[] shape = shapeMatch.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => int.TryParse(t.TrimEnd('L'), out int v) && v >= 0 ? v : throw new InputException($"{path}: corrupt NPY shape '{t}'"))
            .ToArray();
        return (shape, dtype, prefix + headerLen);
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")] private static partial Regex DescrRegex();
    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")] private static partial Regex FortranRegex();
    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")] private static partial Regex ShapeRegex();

    public void Dispose()
    {
        _view?.Dispose();
        _map?.Dispose();
    }
}
