using EntropyScope.IO;

namespace EntropyScope.Estimators.Neep;

/// <summary>
/// Which estimator `train` runs when --estimator is not given (docs/neep.md, "movies or trajectories?"):
/// CSV/TSV/TXT, integer NPY of rank ≤ 2, float NPY of rank ≤ 2 or with a last axis ≤ 8, a file named traj*.npy, and a
/// folder with trajectories.npy but no movies.npy are trajectories (neep); everything else is movies (cneep).
/// </summary>
public static class DataKind
{
    public const string Cneep = "cneep";

    public static string Resolve(string? estimator, string data, string? resumeRun)
    {
        if (!string.IsNullOrEmpty(estimator))
        {
            string e = estimator.ToLowerInvariant();
            if (e is Cneep or NeepArchitecture.Neep or NeepArchitecture.Rneep) return e;
            throw new InputException($"--estimator must be cneep, neep or rneep (got '{estimator}')");
        }
        if (resumeRun != null && NeepRunConfig.ReadKind(resumeRun) is string k) return k;
        return LooksLikeTrajectories(data) ? NeepArchitecture.Neep : Cneep;
    }

    public static bool LooksLikeTrajectories(string path)
    {
        if (Directory.Exists(path))
            return !File.Exists(Path.Combine(path, "movies.npy")) && File.Exists(Path.Combine(path, "trajectories.npy"));
        string ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext is ".csv" or ".tsv" or ".txt") return true;
        if (ext != ".npy" || !File.Exists(path)) return false;
        if (Path.GetFileName(path).StartsWith("traj", StringComparison.OrdinalIgnoreCase)) return true;
        try
        {
            using var arr = NpyArray.Open(path);
            bool integer = arr.DType is not (NpyDType.Float32 or NpyDType.Float64);
            int rank = arr.Shape.Length;
            return rank <= 2 || (!integer && rank == 3 && arr.Shape[2] <= 8);
        }
        catch (Exception e) when (e is InvalidDataException or IOException) { return false; }
    }
}
