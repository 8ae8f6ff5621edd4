namespace EntropyScope.IO;

/// <summary>
/// Opens trajectories: NPY float (M, L, d), (L, d) or (L,) coordinates; NPY integer (M, L) or (L,) discrete
/// states; or CSV (see docs/files.md). A folder holding <c>trajectories.npy</c> (a simulation output folder)
/// opens that file.
/// </summary>
public static class TrajectorySet
{
    public static ITrajectorySet Open(string path)
    {
        if (Directory.Exists(path))
        {
            string simulated = System.IO.Path.Combine(path, "trajectories.npy");
            if (!File.Exists(simulated)) throw new InputException($"{path}: folder has no trajectories.npy; pass a trajectory file (.npy or .csv)");
            path = simulated;
        }
        if (!File.Exists(path)) throw new InputException($"{path}: trajectory file not found");
        string ext = System.IO.Path.GetExtension(path).ToLowerInvariant();
        return ext switch
        {
            ".npy" => new NpyTrajectorySet(path),
            ".csv" or ".tsv" or ".txt" => CsvTrajectories.Read(path),
            _ => throw new InputException($"{path}: unknown trajectory format '{ext}' (expected .npy or .csv)"),
        };
    }
}
