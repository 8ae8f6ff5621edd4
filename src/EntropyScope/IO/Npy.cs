using System.Runtime.InteropServices;
using System.Text;

namespace EntropyScope.IO;

/// <summary>
/// NumPy .npy files (format 1.0, C order, little-endian). MINIMAL first version: writes only; the full reader
/// (memory-mapped, all dtypes, format 1 and 2) lands with the IO work.
/// </summary>
public static class Npy
{
    public static void Write<T>(string path, ReadOnlySpan<T> data, params int[] shape) where T : unmanaged
    {
        long count = 1;
        foreach (int d in shape) count *= d;
        if (count != data.Length)
            throw new ArgumentException($"Npy.Write: shape ({string.Join(", ", shape)}) holds {count} values but data has {data.Length}");
        byte[] header = Header(Descr<T>(), shape);
        byte[] bytes = MemoryMarshal.AsBytes(data).ToArray();
        AtomicOutput.WriteFile(path, s => { s.Write(header); s.Write(bytes); });
    }

    internal static string Descr<T>() where T : unmanaged => typeof(T) switch
    {
        var t when t == typeof(byte) => "|u1",
        var t when t == typeof(ushort) => "<u2",
        var t when t == typeof(int) => "<i4",
        var t when t == typeof(long) => "<i8",
        var t when t == typeof(float) => "<f4",
        var t when t == typeof(double) => "<f8",
        _ => throw new NotSupportedException($"Npy: unsupported element type {typeof(T).Name}")
    };

    internal static byte[] Header(string descr, int[] shape)
    {
        string shapeText = shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";
        string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shapeText}, }}";
        int unpadded = 10 + dict.Length + 1;
        int padded = (unpadded + 63) / 64 * 64;
        dict = dict.PadRight(padded - 10 - 1) + "\n";
        var header = new byte[padded];
        header[0] = 0x93;
        Encoding.ASCII.GetBytes("NUMPY").CopyTo(header, 1);
        header[6] = 1;
        header[7] = 0;
        BitConverter.TryWriteBytes(header.AsSpan(8, 2), (ushort)dict.Length);
        Encoding.ASCII.GetBytes(dict).CopyTo(header, 10);
        return header;
    }
}
