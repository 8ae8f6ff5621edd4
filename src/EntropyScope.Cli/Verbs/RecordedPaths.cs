using System.Text.Json;
using EntropyScope.IO;

namespace EntropyScope.Cli.Verbs;

/// <summary>
/// A folder built under a temporary name (AtomicOutput.WriteDirectory) records that name in its JSON files
/// (config.json's movies path, summary.json's run). After the rename, point them at the folder's final name so
/// that `estimate`, `map` and `report` can follow them.
/// </summary>
internal static class RecordedPaths
{
    public static void Repoint(string finalDir, string buildDir)
    {
        if (finalDir == buildDir) return;
        foreach (string file in Directory.EnumerateFiles(finalDir, "*.json", SearchOption.AllDirectories))
        {
            string text = File.ReadAllText(file);
            string repointed = Repoint(text, finalDir, buildDir);
            if (!ReferenceEquals(text, repointed) && text != repointed) AtomicOutput.WriteAllText(file, repointed);
        }
    }

    public static string Repoint(string json, string finalDir, string buildDir) =>
        // Paths appear JSON-escaped in the files; the temporary name holds a random suffix, so it cannot occur by chance.
        json.Replace(JsonEncodedText.Encode(buildDir).ToString(), JsonEncodedText.Encode(finalDir).ToString())
            .Replace(buildDir, finalDir);
}
