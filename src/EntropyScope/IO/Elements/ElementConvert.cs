using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace EntropyScope.IO;

/// <summary>
/// Bulk conversion of raw stored elements (any <see cref="NpyDType"/>, either byte order) into a typed span.
/// The source/destination pair is dispatched once per call; the inner loops are generic and specialised by the
/// JIT, and the hot movie paths (uint8/uint16 → float32, float64 → float32) are vectorised.
/// Float → integer conversions truncate toward zero and saturate (CreateTruncating semantics).
/// </summary>
internal static class ElementConvert
{
    /// <summary>Converts <c>destination.Length</c> elements stored as <paramref name="source"/> in <paramref name="raw"/>.</summary>
    public static void Copy<T>(NpyDType source, bool bigEndian, ReadOnlySpan<byte> raw, Span<T> destination) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) To(source, bigEndian, raw, MemoryMarshal.Cast<T, float>(destination));
        else if (typeof(T) == typeof(double)) To(source, bigEndian, raw, MemoryMarshal.Cast<T, double>(destination));
        else if (typeof(T) == typeof(long)) To(source, bigEndian, raw, MemoryMarshal.Cast<T, long>(destination));
        else if (typeof(T) == typeof(int)) To(source, bigEndian, raw, MemoryMarshal.Cast<T, int>(destination));
        else if (typeof(T) == typeof(short)) To(source, bigEndian, raw, MemoryMarshal.Cast<T, short>(destination));
        else if (typeof(T) == typeof(ushort)) To(source, bigEndian, raw, MemoryMarshal.Cast<T, ushort>(destination));
        else if (typeof(T) == typeof(byte)) To(source, bigEndian, raw, MemoryMarshal.Cast<T, byte>(destination));
        else if (typeof(T) == typeof(sbyte)) To(source, bigEndian, raw, MemoryMarshal.Cast<T, sbyte>(destination));
        else throw new NotSupportedException($"cannot convert stored elements to {typeof(T).Name} (use float, double, long, int, short, ushort, byte or sbyte)");
    }

    private static void To<TDst>(NpyDType source, bool bigEndian, ReadOnlySpan<byte> raw, Span<TDst> dst)
        where TDst : unmanaged, INumberBase<TDst>
    {
        int size = NpyDTypes.SizeOf(source);
        if ((long)dst.Length * size > raw.Length)
            throw new ArgumentException($"raw buffer holds {raw.Length} bytes, {dst.Length} elements of {source} need {(long)dst.Length * size}");
        raw = raw[..(dst.Length * size)];
        if (bigEndian && size > 1)
        {
            ToFromBigEndian(source, size, raw, dst);
            return;
        }
        switch (source)
        {
            case NpyDType.UInt8:
            case NpyDType.Bool: From(raw, dst); break;
            case NpyDType.Int8: From(MemoryMarshal.Cast<byte, sbyte>(raw), dst); break;
            case NpyDType.UInt16: From(MemoryMarshal.Cast<byte, ushort>(raw), dst); break;
            case NpyDType.Int16: From(MemoryMarshal.Cast<byte, short>(raw), dst); break;
            case NpyDType.Int32: From(MemoryMarshal.Cast<byte, int>(raw), dst); break;
            case NpyDType.Int64: From(MemoryMarshal.Cast<byte, long>(raw), dst); break;
            case NpyDType.Float32: From(MemoryMarshal.Cast<byte, float>(raw), dst); break;
            case NpyDType.Float64: From(MemoryMarshal.Cast<byte, double>(raw), dst); break;
            default: throw new ArgumentOutOfRangeException(nameof(source), source, "unknown element type");
        }
    }

    // Big-endian input: swap a bounded chunk into a stack buffer, then convert it as little-endian.
    private static void ToFromBigEndian<TDst>(NpyDType source, int size, ReadOnlySpan<byte> raw, Span<TDst> dst)
        where TDst : unmanaged, INumberBase<TDst>
    {
        const int ChunkBytes = 8192;
        Span<byte> chunk = stackalloc byte[ChunkBytes];
        int perChunk = ChunkBytes / size;
        for (int i = 0; i < dst.Length; i += perChunk)
        {
            int n = Math.Min(perChunk, dst.Length - i);
            Span<byte> c = chunk[..(n * size)];
            raw.Slice(i * size, n * size).CopyTo(c);
            SwapInPlace(c, size);
            To(source, false, c, dst.Slice(i, n));
        }
    }

    /// <summary>Reverses the byte order of every <paramref name="size"/>-byte element in place.</summary>
    public static void SwapInPlace(Span<byte> bytes, int size)
    {
        switch (size)
        {
            case 2: { var s = MemoryMarshal.Cast<byte, ushort>(bytes); BinaryPrimitives.ReverseEndianness(s, s); break; }
            case 4: { var s = MemoryMarshal.Cast<byte, uint>(bytes); BinaryPrimitives.ReverseEndianness(s, s); break; }
            case 8: { var s = MemoryMarshal.Cast<byte, ulong>(bytes); BinaryPrimitives.ReverseEndianness(s, s); break; }
        }
    }

    private static void From<TSrc, TDst>(ReadOnlySpan<TSrc> src, Span<TDst> dst)
        where TSrc : unmanaged, INumberBase<TSrc>
        where TDst : unmanaged, INumberBase<TDst>
    {
        if (typeof(TSrc) == typeof(TDst))
        {
            MemoryMarshal.Cast<TSrc, TDst>(src)[..dst.Length].CopyTo(dst);
            return;
        }
        int i = 0;
        if (typeof(TSrc) == typeof(byte) && typeof(TDst) == typeof(float))
            i = WidenBytes(MemoryMarshal.Cast<TSrc, byte>(src), MemoryMarshal.Cast<TDst, float>(dst));
        else if (typeof(TSrc) == typeof(ushort) && typeof(TDst) == typeof(float))
            i = WidenUShorts(MemoryMarshal.Cast<TSrc, ushort>(src), MemoryMarshal.Cast<TDst, float>(dst));
        else if (typeof(TSrc) == typeof(double) && typeof(TDst) == typeof(float))
            i = NarrowDoubles(MemoryMarshal.Cast<TSrc, double>(src), MemoryMarshal.Cast<TDst, float>(dst));
        for (; i < dst.Length; i++) dst[i] = TDst.CreateTruncating(src[i]);
    }

    private static int WidenBytes(ReadOnlySpan<byte> s, Span<float> d)
    {
        int w = Vector<byte>.Count, q = Vector<int>.Count, i = 0;
        if (!Vector.IsHardwareAccelerated) return 0;
        for (; i <= d.Length - w; i += w)
        {
            Vector.Widen(new Vector<byte>(s[i..]), out Vector<ushort> lo, out Vector<ushort> hi);
            Vector.Widen(lo, out Vector<uint> a, out Vector<uint> b);
            Vector.Widen(hi, out Vector<uint> c, out Vector<uint> e);
            Vector.ConvertToSingle(Vector.AsVectorInt32(a)).CopyTo(d[i..]);
            Vector.ConvertToSingle(Vector.AsVectorInt32(b)).CopyTo(d[(i + q)..]);
            Vector.ConvertToSingle(Vector.AsVectorInt32(c)).CopyTo(d[(i + 2 * q)..]);
            Vector.ConvertToSingle(Vector.AsVectorInt32(e)).CopyTo(d[(i + 3 * q)..]);
        }
        return i;
    }

    private static int WidenUShorts(ReadOnlySpan<ushort> s, Span<float> d)
    {
        int w = Vector<ushort>.Count, q = Vector<int>.Count, i = 0;
        if (!Vector.IsHardwareAccelerated) return 0;
        for (; i <= d.Length - w; i += w)
        {
            Vector.Widen(new Vector<ushort>(s[i..]), out Vector<uint> a, out Vector<uint> b);
            Vector.ConvertToSingle(Vector.AsVectorInt32(a)).CopyTo(d[i..]);
            Vector.ConvertToSingle(Vector.AsVectorInt32(b)).CopyTo(d[(i + q)..]);
        }
        return i;
    }

    private static int NarrowDoubles(ReadOnlySpan<double> s, Span<float> d)
    {
        int w = Vector<float>.Count, h = Vector<double>.Count, i = 0;
        if (!Vector.IsHardwareAccelerated) return 0;
        for (; i <= d.Length - w; i += w)
            Vector.Narrow(new Vector<double>(s[i..]), new Vector<double>(s[(i + h)..])).CopyTo(d[i..]);
        return i;
    }

    /// <summary>Index of the first NaN or infinity in <paramref name="values"/>, or -1.</summary>
    public static long FirstNonFinite(ReadOnlySpan<float> values)
    {
        int i = 0, w = Vector<float>.Count;
        if (Vector.IsHardwareAccelerated)
        {
            // x - x is 0 for finite x and NaN for NaN/±Inf; NaN != NaN flags it.
            for (; i <= values.Length - w; i += w)
            {
                var v = new Vector<float>(values[i..]);
                var z = v - v;
                if (!Vector.EqualsAll(z, z)) break;
            }
        }
        for (; i < values.Length; i++) if (!float.IsFinite(values[i])) return i;
        return -1;
    }
}
