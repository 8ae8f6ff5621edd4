namespace EntropyScope.Models.Langevin;

/// <summary>
/// Guards the output folder: a simulation replaces its folder whole, so it may only replace a missing folder, an
/// empty one, or an earlier simulation folder (one holding truth.json) — never, say, a home directory given by mistake.
/// </summary>
public static class DatasetFolder
{
    public static void EnsureReplaceable(string outDir)
    {
        if (string.IsNullOrWhiteSpace(outDir)) throw new InputException("--out: no output folder given");
        string full = Path.GetFullPath(outDir);
        if (File.Exists(full)) throw new InputException($"--out {outDir}: is a file, not a folder");
        if (!Directory.Exists(full)) return;
        if (!Directory.EnumerateFileSystemEntries(full).Any()) return;
        if (File.Exists(Path.Combine(full, "truth.json"))) return;
        throw new InputException($"--out {outDir}: folder exists and is not a simulation folder (no truth.json); it would be replaced whole, so choose a new or empty folder");
    }
}
