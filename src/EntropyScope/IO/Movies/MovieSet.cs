namespace EntropyScope.IO;

/// <summary>
/// Opens movies: an NPY file (L, H, W) or (M, L, H, W) of uint8/uint16/int/float, a TIFF stack (.tif/.tiff, one
/// movie), or a folder of such files (sorted by name; a folder holding <c>movies.npy</c> — a simulation output
/// folder — opens that file alone, and <c>trajectories.npy</c>/<c>entropy.npy</c> are never taken for movies).
/// </summary>
public static class MovieSet
{
    public static IMovieSet Open(string path)
    {
        if (Directory.Exists(path)) return OpenFolder(path);
        if (!File.Exists(path)) throw new InputException($"{path}: movie file or folder not found");
        return new MovieCollection(path, [OpenFile(path)]);
    }

    private static IMovieSet OpenFolder(string folder)
    {
        string simulated = Path.Combine(folder, "movies.npy");
        if (File.Exists(simulated)) return new MovieCollection(simulated, [OpenFile(simulated)]);
        var files = Directory.EnumerateFiles(folder)
            .Where(f => IsMovieFile(f) && !NotMovies.Contains(Path.GetFileName(f)))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0) throw new InputException($"{folder}: no movie files (.npy, .tif, .tiff) in this folder");
        var sources = new List<IMovieSource>(files.Count);
        try
        {
            foreach (string f in files) sources.Add(OpenFile(f));
        }
        catch
        {
            foreach (var s in sources) s.Dispose();
            throw;
        }
        return new MovieCollection(folder, sources);
    }

    // TIFF reading is the next step of the IO work; until then a TIFF movie is a clear error.
    private static IMovieSource OpenTiff(string path) => throw new InputException($"{path}: TIFF movies are not supported yet in this build");

    private static readonly HashSet<string> NotMovies = new(StringComparer.OrdinalIgnoreCase) { "trajectories.npy", "entropy.npy" };

    private static bool IsMovieFile(string f) =>
        Path.GetExtension(f).ToLowerInvariant() is ".npy" or ".tif" or ".tiff";

    internal static IMovieSource OpenFile(string path)
    {
        string ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext == ".npy") return new NpyMovieSource(path);
        if (ext is ".tif" or ".tiff") return OpenTiff(path);
        // Unknown extension: decide by the magic bytes.
        Span<byte> magic = stackalloc byte[6];
        int n;
        try
        {
            using var fs = File.OpenRead(path);
            n = fs.ReadAtLeast(magic, 6, throwOnEndOfStream: false);
        }
        catch (IOException e) { throw new InputException($"{path}: cannot read: {e.Message}"); }
        catch (UnauthorizedAccessException) { throw new InputException($"{path}: permission denied"); }
        if (n >= 6 && magic[0] == 0x93 && magic[1] == (byte)'N') return new NpyMovieSource(path);
        if (n >= 4 && ((magic[0] == 'I' && magic[1] == 'I') || (magic[0] == 'M' && magic[1] == 'M'))) return OpenTiff(path);
        throw new InputException($"{path}: not a movie file (expected NPY or TIFF)");
    }
}
