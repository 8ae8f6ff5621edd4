using Microsoft.Win32.SafeHandles;

namespace EntropyScope.IO;

/// <summary>
/// A file being written under a temporary sibling name (the same convention as <see cref="AtomicOutput"/>) for
/// the streaming writers: <see cref="Commit"/> flushes and renames it into place; disposing without a commit
/// deletes it, so a failed or abandoned write never leaves a partial file behind.
/// </summary>
internal sealed class PendingFile : IDisposable
{
    public string FinalPath { get; }
    public string TempPath { get; }
    public SafeFileHandle Handle { get; }
    private bool _done;

    public PendingFile(string path)
    {
        FinalPath = System.IO.Path.GetFullPath(path);
        string? dir = System.IO.Path.GetDirectoryName(FinalPath);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        TempPath = FinalPath + ".tmp-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8];
        Handle = File.OpenHandle(TempPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
    }

    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_done, this);
        RandomAccess.FlushToDisk(Handle);
        Handle.Dispose();
        try
        {
            File.Move(TempPath, FinalPath, overwrite: true);
        }
        catch
        {
            TryDelete();
            throw;
        }
        finally { _done = true; }
    }

    public void Dispose()
    {
        if (_done) return;
        _done = true;
        Handle.Dispose();
        TryDelete();
    }

    private void TryDelete()
    {
        try { if (File.Exists(TempPath)) File.Delete(TempPath); } catch (IOException) { }
    }
}
