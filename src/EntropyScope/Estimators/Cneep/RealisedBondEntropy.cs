using System.Text.Json;
using EntropyScope.IO;
using EntropyScope.Models.Langevin;

namespace EntropyScope.Estimators.Cneep;

/// <summary>
/// The exchanged EP each bond actually produced in each movie: S_ij(𝒯)/𝒯 of CNEEP Eq. (S9) (as corrected in
/// BondTrajectoryEntropy), from the simulated coordinates beside the movies (trajectories.npy, M × L × d), over the
/// steps the estimate covers. These are the dashed lines of paper Fig. 3c–d. Compared with them, the estimate's error
/// is separated from the sampling spread of the movies themselves, which for a weak bond is large: over 25 movies of
/// 10⁴ frames the N = 5 chain's 3–4 bond has a standard error of 18 % of its analytic rate.
/// </summary>
public static class RealisedBondEntropy
{
    public const string TrajectoryFile = "trajectories.npy";

    /// <summary>
    /// [bond][movie] rates, or null when no trajectories.npy lies in dataFolder or truth.json lacks the temperatures or
    /// a coupling. stepsCovered[m] is the number of steps from frame 0 that the estimate's windows cover in movie m.
    /// </summary>
    public static double[][]? PerMovie(string dataFolder, JsonDocument truth, IReadOnlyList<BondEstimate> bonds, int[] stepsCovered, int frames, double dt)
    {
        string path = Path.Combine(dataFolder, TrajectoryFile);
        if (!File.Exists(path) || bonds.Any(b => !double.IsFinite(b.Coupling))) return null;
        if (!truth.RootElement.TryGetProperty("temperatures", out var t) || t.ValueKind != JsonValueKind.Array) return null;
        double[] temperatures = t.EnumerateArray().Select(e => e.GetDouble()).ToArray();
        using var array = NpyArray.Open(path);
        int[] s = array.Shape;
        int movies = stepsCovered.Length, d = temperatures.Length;
        if (s.Length != 3 || s[0] != movies || s[1] != frames || s[2] != d)
            throw new InputException($"{path}: shape [{string.Join(", ", s)}] does not match {movies} movies of {frames} frames of {d} beads (expected [{movies}, {frames}, {d}])");
        if (bonds.Any(b => b.Bead0 + 1 >= d)) return null;
        var rates = bonds.Select(_ => new double[movies]).ToArray();
        var trajectory = new double[(long)frames * d];
        for (int m = 0; m < movies; m++)
        {
            array.CopyTo(m * trajectory.LongLength, trajectory.AsSpan());
            int steps = stepsCovered[m];
            for (int b = 0; b < bonds.Count; b++)
            {
                int i = bonds[b].Bead0, j = i + 1;
                rates[b][m] = steps == 0 ? double.NaN
                    : BondTrajectoryEntropy.Sum(trajectory, d, steps + 1, i, j, bonds[b].Coupling, temperatures[i], temperatures[j]) / (steps * dt);
            }
        }
        return rates;
    }
}
