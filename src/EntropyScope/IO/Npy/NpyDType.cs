namespace EntropyScope.IO;

/// <summary>Element types EntropyScope reads from NPY and TIFF files (and writes to NPY).</summary>
public enum NpyDType { UInt8, UInt16, Int32, Int64, Float32, Float64, Bool, Int8, Int16 }

/// <summary>Sizes, NPY type codes and the CLR type of each <see cref="NpyDType"/>.</summary>
public static class NpyDTypes
{
    public static int SizeOf(NpyDType t) => t switch
    {
        NpyDType.UInt8 or NpyDType.Bool or NpyDType.Int8 => 1,
        NpyDType.UInt16 or NpyDType.Int16 => 2,
        NpyDType.Int32 or NpyDType.Float32 => 4,
        NpyDType.Int64 or NpyDType.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(t), t, "unknown NpyDType"),
    };

    /// <summary>True for the integer and bool types (discrete states), false for float32/float64.</summary>
    public static bool IsInteger(NpyDType t) => t is not (NpyDType.Float32 or NpyDType.Float64);

    /// <summary>The little-endian NPY descr string ('|u1', '&lt;f8', ...).</summary>
    public static string Descr(NpyDType t) => t switch
    {
        NpyDType.UInt8 => "|u1",
        NpyDType.Int8 => "|i1",
        NpyDType.Bool => "|b1",
        NpyDType.UInt16 => "<u2",
        NpyDType.Int16 => "<i2",
        NpyDType.Int32 => "<i4",
        NpyDType.Int64 => "<i8",
        NpyDType.Float32 => "<f4",
        NpyDType.Float64 => "<f8",
        _ => throw new ArgumentOutOfRangeException(nameof(t), t, "unknown NpyDType"),
    };

    /// <summary>The dtype stored for CLR element type <typeparamref name="T"/>.</summary>
    public static NpyDType Of<T>() where T : unmanaged =>
        typeof(T) == typeof(byte) ? NpyDType.UInt8
        : typeof(T) == typeof(sbyte) ? NpyDType.Int8
        : typeof(T) == typeof(bool) ? NpyDType.Bool
        : typeof(T) == typeof(ushort) ? NpyDType.UInt16
        : typeof(T) == typeof(short) ? NpyDType.Int16
        : typeof(T) == typeof(int) ? NpyDType.Int32
        : typeof(T) == typeof(long) ? NpyDType.Int64
        : typeof(T) == typeof(float) ? NpyDType.Float32
        : typeof(T) == typeof(double) ? NpyDType.Float64
        : throw new NotSupportedException($"NPY: unsupported element type {typeof(T).Name} (use byte, sbyte, bool, ushort, short, int, long, float or double)");

    /// <summary>Parses an NPY descr such as '&lt;u2' or '&gt;f8'; null when the type is not supported.</summary>
    internal static (NpyDType Type, bool BigEndian)? Parse(string descr)
    {
        if (descr.Length < 2) return null;
        char order = descr[0];
        string code = descr;
        bool big = false;
        if (order is '<' or '>' or '|' or '=')
        {
            big = order == '>';
            code = descr[1..];
        }
        NpyDType? t = code switch
        {
            "u1" => NpyDType.UInt8,
            "i1" => NpyDType.Int8,
            "b1" or "?" => NpyDType.Bool,
            "u2" => NpyDType.UInt16,
            "i2" => NpyDType.Int16,
            "i4" => NpyDType.Int32,
            "i8" => NpyDType.Int64,
            "f4" => NpyDType.Float32,
            "f8" => NpyDType.Float64,
            _ => null,
        };
        if (t is null) return null;
        return (t.Value, big && SizeOf(t.Value) > 1);
    }
}
