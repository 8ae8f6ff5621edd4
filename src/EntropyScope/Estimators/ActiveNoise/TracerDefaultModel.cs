namespace EntropyScope.Estimators.ActiveNoise;

/// <summary>
/// The pretrained tracer model shipped inside the library (embedded resources "EntropyScope.TracerDefaultModel.*",
/// from src/EntropyScope/Estimators/ActiveNoise/DefaultModel/). Extracted once to a per-content temp folder.
/// </summary>
public static class TracerDefaultModel
{
    private const string Prefix = "EntropyScope.TracerDefaultModel.";

    public static bool IsAvailable => typeof(TracerDefaultModel).Assembly.GetManifestResourceNames().Any(n => n == Prefix + TracerModelBundle.ConfigFile);

    public static TracerModelBundle Load()
    {
        var asm = typeof(TracerDefaultModel).Assembly;
        var names = asm.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Order().ToArray();
        if (!names.Contains(Prefix + TracerModelBundle.ConfigFile))
            throw new InputException("no --model given and this build carries no default tracer model; train one with `entropyscope train-classifier --out MODEL`");
        // the folder is named by a content hash, so a rebuilt model never reuses a stale extraction
        using var sha = System.Security.Cryptography.SHA256.Create();
        foreach (var n in names)
        {
            using var s = asm.GetManifestResourceStream(n)!;
            var bytes = new byte[s.Length];
            s.ReadExactly(bytes);
            sha.TransformBlock(bytes, 0, bytes.Length, null, 0);
        }
        sha.TransformFinalBlock([], 0, 0);
        string dir = Path.Combine(Path.GetTempPath(), "entropyscope-tracer-default-" + Convert.ToHexString(sha.Hash!)[..16].ToLowerInvariant());
        if (!File.Exists(Path.Combine(dir, TracerModelBundle.ConfigFile)))
            IO.AtomicOutput.WriteDirectory(dir, tmp =>
            {
                foreach (var n in names)
                {
                    using var s = asm.GetManifestResourceStream(n)!;
                    using var f = File.Create(Path.Combine(tmp, n[Prefix.Length..]));
                    s.CopyTo(f);
                }
            });
        var bundle = TracerModelBundle.Load(dir);
        return new TracerModelBundle { Config = bundle.Config, Networks = bundle.Networks, Source = "(built-in default model)" };
    }
}
