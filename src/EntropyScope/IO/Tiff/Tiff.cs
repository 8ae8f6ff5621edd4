namespace EntropyScope.IO;

/// <summary>Whole-stack TIFF convenience calls over <see cref="TiffStack"/> and <see cref="TiffStackWriter"/>.</summary>
public static class Tiff
{
    /// <summary>Writes <paramref name="pages"/> row-major (pages, H, W) as an uncompressed stack, atomically.</summary>
    public static void Write<T>(string path, ReadOnlySpan<T> pages, int height, int width) where T : unmanaged
    {
        int frame = checked(height * width);
        if (frame == 0 || pages.Length == 0 || pages.Length % frame != 0)
            throw new ArgumentException($"Tiff.Write: {pages.Length} values are not a whole number of {height}×{width} pages");
        using var w = TiffStackWriter.Create<T>(path, height, width);
        for (int i = 0; i < pages.Length; i += frame) w.AppendPage(pages.Slice(i, frame));
        w.Commit();
    }

    /// <summary>Reads every page of a stack as (pages, H, W) values converted to T.</summary>
    public static T[] ReadAll<T>(string path) where T : unmanaged
    {
        using var s = TiffStack.Open(path);
        return s.ReadAll<T>();
    }
}
