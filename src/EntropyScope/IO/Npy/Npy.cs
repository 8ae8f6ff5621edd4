namespace EntropyScope.IO;

/// <summary>
/// Writes whole NumPy .npy arrays (C order, little-endian; format 1.0, or 2.0 when the header needs it) atomically.
/// For data that does not fit in memory use <see cref="NpyWriter"/>; to read use <see cref="NpyArray.Open"/>.
/// </summary>
public static class Npy
{
    /// <summary>Writes <paramref name="data"/> with the given shape; T is byte, sbyte, bool, ushort, short, int, long, float or double.</summary>
    public static void Write<T>(string path, ReadOnlySpan<T> data, params int[] shape) where T : unmanaged
    {
        long count = 1;
        foreach (int d in shape) count *= d;
        if (count != data.Length)
            throw new ArgumentException($"Npy.Write: shape ({string.Join(", ", shape)}) holds {count} values but data has {data.Length}");
        using var w = NpyWriter.Create<T>(path, shape);
        w.Append(data);
        w.Commit();
    }
}
