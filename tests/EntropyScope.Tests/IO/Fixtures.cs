namespace EntropyScope.Tests.IO;

/// <summary>
/// Locates tests/fixtures/ (made by tests/fixtures/make_fixtures.sh with numpy, tifffile, tiffcp and ImageMagick)
/// by walking up from the test binary, and recomputes the formulas the fixture script used.
/// </summary>
internal static class Fixtures
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, "tests", "fixtures");
            if (File.Exists(Path.Combine(candidate, "make_fixtures.sh"))) return candidate;
        }
        throw new DirectoryNotFoundException($"tests/fixtures not found above {AppContext.BaseDirectory}");
    });

    public static string Path_(params string[] parts) => Path.Combine([Root.Value, .. parts]);
    public static string Npy(string name) => Path_("npy", name);
    public static string Tiff(string name) => Path_("tiff", name);
    public static string Csv(string name) => Path_("csv", name);

    /// <summary>NPY fixture element i (C order, shape (3, 4, 5)) per dtype name, as make_fixtures.py npy_values.</summary>
    public static double NpyValue(string kind, long i) => kind switch
    {
        "uint8" => i * 7 % 256,
        "uint16" => i * 1031 % 65536,
        "int8" => i * 7 % 256 - 128,
        "int16" => i * 997 - 30000,
        "int32" => i * 100003 - 3000000,
        "int64" => i * 1_000_000_000_000L - 30_000_000_000_000L,
        "float32" => (float)(i * 0.25 - 3.5),
        "float64" => i / 3.0 - 7.0,
        "bool" => i % 3 == 0 ? 1 : 0,
        _ => throw new ArgumentException(kind),
    };

    /// <summary>TIFF fixture pixel (p, y, x) per sample kind ("u8", "u16", "f32").</summary>
    public static double TiffValue(string kind, int p, int y, int x) => kind switch
    {
        "u8" => (p * 37 + y * 11 + x * 3) % 256,
        "u16" => (p * 1009 + y * 257 + x * 31) % 65536,
        "f32" => (float)(p - 0.5 * y + 0.25 * x),
        _ => throw new ArgumentException(kind),
    };

    public static double[] TiffStack(string kind, int pages, int height, int width)
    {
        var v = new double[pages * height * width];
        int i = 0;
        for (int p = 0; p < pages; p++) for (int y = 0; y < height; y++) for (int x = 0; x < width; x++) v[i++] = TiffValue(kind, p, y, x);
        return v;
    }
}
