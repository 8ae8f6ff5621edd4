using System.Reflection;

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
        long size = names.Sum(n => { using var s = asm.GetManifestResourceStream(n)!; return s.Length; });
        string version = asm.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
        string dir = Path.Combine(Path.GetTempPath(), $"entropyscope-tracer-default-{Math.Abs(HashCode.Combine(version, size, names.Length)):x}");
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
