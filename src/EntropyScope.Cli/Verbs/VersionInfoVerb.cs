using System.CommandLine;
using System.Reflection;
using System.Runtime.Intrinsics.X86;

namespace EntropyScope.Cli.Verbs;

/// <summary>`entropyscope info`: version, runtime and the SIMD features the kernels will use.</summary>
public static class VersionInfoVerb
{
    public static Command Create()
    {
        var cmd = new Command("info", "Print the version, the runtime and the CPU features the engine uses.");
        cmd.SetAction(_ =>
        {
            string version = typeof(VersionInfoVerb).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?";
            Console.WriteLine($"entropyscope {version}");
            Console.WriteLine($"runtime   {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");
            Console.WriteLine($"cores     {Environment.ProcessorCount}");
            Console.WriteLine($"avx512f   {Avx512F.IsSupported}");
            Console.WriteLine($"avx2+fma  {Avx2.IsSupported && Fma.IsSupported}");
            return 0;
        });
        return cmd;
    }
}
