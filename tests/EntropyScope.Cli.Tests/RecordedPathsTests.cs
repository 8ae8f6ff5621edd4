using EntropyScope.Cli.Verbs;

namespace EntropyScope.Cli.Tests;

public class RecordedPathsTests
{
    [Fact]
    public void JsonFilesBuiltUnderATemporaryNamePointAtTheFinalFolder()
    {
        string root = Directory.CreateTempSubdirectory("es-paths").FullName;
        string final = Path.Combine(root, "demo+1"), build = Path.Combine(root, ".demo+1.tmp-1a2b3c4d");
        Directory.CreateDirectory(Path.Combine(final, "run"));
        // System.Text.Json writes '+' as \u002B, so both the raw and the escaped form must be repointed.
        File.WriteAllText(Path.Combine(final, "run", "config.json"), $"{{\"movies\": \"{build.Replace("+", "\\u002B")}/data\"}}");
        File.WriteAllText(Path.Combine(final, "summary.json"), $"{{\"run\": \"{build}/run\"}}");

        RecordedPaths.Repoint(final, build);

        Assert.Equal($"{{\"movies\": \"{final.Replace("+", "\\u002B")}/data\"}}", File.ReadAllText(Path.Combine(final, "run", "config.json")));
        Assert.Equal($"{{\"run\": \"{final}/run\"}}", File.ReadAllText(Path.Combine(final, "summary.json")));
    }
}
