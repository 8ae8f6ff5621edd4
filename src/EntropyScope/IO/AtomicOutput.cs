using EntropyScope.Tensors.Checkpoints;

namespace EntropyScope.IO;

/// <summary>
/// Atomic writes: everything goes to a temporary sibling first and is renamed into place only when complete,
/// so a crash or a bad-input error never leaves a half-written file or folder behind.
/// </summary>
public static class AtomicOutput
{
    /// <summary>Writes a file through <paramref name="write"/> into a temporary name, then renames it over <paramref name="path"/>.</summary>
    public static void WriteFile(string path, Action<Stream> write) => AtomicFile.Write(path, write);

    public static void WriteAllText(string path, string text) =>
        WriteFile(path, s => { using var w = new StreamWriter(s, leaveOpen: true); w.Write(text); });

    /// <summary>
    /// Builds a whole output folder: <paramref name="fill"/> writes into a temporary sibling folder which replaces
    /// <paramref name="directory"/> only after <paramref name="fill"/> returns. An existing folder is replaced whole.
    /// </summary>
    public static void WriteDirectory(string directory, Action<string> fill)
    {
        string full = Path.GetFullPath(directory.TrimEnd('/', '\\'));
        string parent = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(parent);
        string tmp = Path.Combine(parent, "." + Path.GetFileName(full) + ".tmp-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(tmp);
        try
        {
            fill(tmp);
            if (Directory.Exists(full))
            {
                string old = tmp + ".old";
                Directory.Move(full, old);
                Directory.Move(tmp, full);
                Directory.Delete(old, recursive: true);
            }
            else
            {
                Directory.Move(tmp, full);
            }
        }
        catch
        {
            try { if (Directory.Exists(tmp)) Directory.Delete(tmp, recursive: true); } catch (IOException) { }
            throw;
        }
    }
}
