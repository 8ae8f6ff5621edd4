using System.Text.Json;

namespace EntropyScope.Estimators.ActiveNoise;

/// <summary>
/// The pretrained tracer models shipped inside the library: one per training dt, each a model folder under
/// src/EntropyScope/Estimators/ActiveNoise/DefaultModels/NAME/ embedded as resources
/// "EntropyScope.TracerDefaultModels/NAME/FILE". `classify` without --model takes the one whose training dt is
/// nearest to the trajectories' dt (in ln dt); each is extracted once to a per-content temp folder.
/// </summary>
public static class TracerDefaultModel
{
    private const string Prefix = "EntropyScope.TracerDefaultModels/";
    /// <summary>The model used when no dt is given (the default prior's dt).</summary>
    public const string Primary = "dt0.05";

    /// <summary>Names of the built-in models (their folder names).</summary>
    public static IReadOnlyList<string> Names =>
        ResourceNames().Select(n => n[Prefix.Length..]).Where(n => n.EndsWith("/" + TracerModelBundle.ConfigFile, StringComparison.Ordinal))
                       .Select(n => n[..n.IndexOf('/')]).Order(StringComparer.Ordinal).ToList();

    /// <summary>The built-in model trained at the dt nearest to <paramref name="dt"/> (null: <see cref="Primary"/>).</summary>
    public static TracerModelBundle Load(double? dt = null)
    {
        var names = Names;
        if (names.Count == 0)
            throw new InputException("no --model given and this build carries no default tracer model; train one with `entropyscope train-classifier --out MODEL`");
        string name = dt is not { } step ? (names.Contains(Primary) ? Primary : names[0])
            : names.MinBy(n => Math.Abs(Math.Log(TrainingDt(n) / step)))!;
        return Load(name);
    }

    /// <summary>One built-in model by name.</summary>
    public static TracerModelBundle Load(string name)
    {
        string prefix = Prefix + name + "/";
        var names = ResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();
        if (!names.Contains(prefix + TracerModelBundle.ConfigFile)) throw new InputException($"no built-in tracer model '{name}' (built-in: {string.Join(", ", Names)})");
        var files = names.Select(n => (File: n[prefix.Length..], Bytes: Read(n))).ToArray();
        // the folder is named by a content hash, so a rebuilt model never reuses a stale extraction
        using var sha = System.Security.Cryptography.SHA256.Create();
        foreach (var (_, bytes) in files) sha.TransformBlock(bytes, 0, bytes.Length, null, 0);
        sha.TransformFinalBlock([], 0, 0);
        string dir = Path.Combine(Path.GetTempPath(), "entropyscope-tracer-default-" + Convert.ToHexString(sha.Hash!)[..16].ToLowerInvariant());
        if (!File.Exists(Path.Combine(dir, TracerModelBundle.ConfigFile)))
            IO.AtomicOutput.WriteDirectory(dir, tmp =>
            {
                foreach (var (file, bytes) in files) File.WriteAllBytes(Path.Combine(tmp, file), bytes);
            });
        var bundle = TracerModelBundle.Load(dir);
        return new TracerModelBundle { Config = bundle.Config, Networks = bundle.Networks, Source = $"(built-in default model {name})" };
    }

    private static double TrainingDt(string name)
    {
        var cfg = JsonSerializer.Deserialize<TracerModelConfig>(Read(Prefix + name + "/" + TracerModelBundle.ConfigFile));
        return cfg is { Dt: > 0 } ? cfg.Dt : throw new InvalidDataException($"built-in tracer model {name}: no positive dt in its config");
    }

    // MSBuild's %(RecursiveDir) carries the build machine's separator
    private static IEnumerable<string> ResourceNames() =>
        typeof(TracerDefaultModel).Assembly.GetManifestResourceNames().Select(n => n.Replace('\\', '/')).Where(n => n.StartsWith(Prefix, StringComparison.Ordinal));

    private static byte[] Read(string name)
    {
        var asm = typeof(TracerDefaultModel).Assembly;
        using var s = asm.GetManifestResourceStream(name) ?? asm.GetManifestResourceStream(name.Replace('/', '\\'))!;
        var bytes = new byte[s.Length];
        s.ReadExactly(bytes);
        return bytes;
    }
}
