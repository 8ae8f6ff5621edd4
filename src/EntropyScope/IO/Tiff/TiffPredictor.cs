using System.Runtime.InteropServices;

namespace EntropyScope.IO;

/// <summary>Per-row sample transforms applied after decompression (TIFF 6.0 §14 horizontal predictor; min-is-white).</summary>
internal static class TiffPredictor
{
    /// <summary>Undoes horizontal differencing on native-order rows of <paramref name="width"/> samples.</summary>
    public static void UndoHorizontal(Span<byte> data, int width, int bytesPerSample)
    {
        switch (bytesPerSample)
        {
            case 1: Undo(data, width); break;
            case 2: Undo(MemoryMarshal.Cast<byte, ushort>(data), width); break;
            case 4: Undo(MemoryMarshal.Cast<byte, uint>(data), width); break;
            default: Undo(MemoryMarshal.Cast<byte, ulong>(data), width); break;
        }
    }

    private static void Undo<T>(Span<T> samples, int width) where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        for (int row = 0; row + width <= samples.Length; row += width)
        {
            var r = samples.Slice(row, width);
            for (int x = 1; x < r.Length; x++) r[x] = unchecked(r[x] + r[x - 1]);
        }
    }

    /// <summary>Min-is-white → min-is-black: unsigned v ↦ max − v, signed v ↦ −1 − v (bitwise not).</summary>
    public static void Invert(Span<byte> data)
    {
        var words = MemoryMarshal.Cast<byte, ulong>(data);
        for (int i = 0; i < words.Length; i++) words[i] = ~words[i];
        for (int i = words.Length * 8; i < data.Length; i++) data[i] = (byte)~data[i];
    }
}
