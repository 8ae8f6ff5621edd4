using System.Text.Json;
using EntropyScope.Estimators.Cneep;
using EntropyScope.IO;
using EntropyScope.Models.BeadSpring;
using EntropyScope.Models.Langevin;

namespace EntropyScope.Tests.Estimators.Cneep;

public sealed class RealisedBondEntropyTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("es-bonds-").FullName;
    public void Dispose() { try { Directory.Delete(_root, true); } catch (IOException) { } }

    private const int Movies = 4, Frames = 3000;
    private const double Dt = 0.01;

    private string Simulate()
    {
        string dir = Path.Combine(_root, "bs3");
        BeadSpringDataset.Write(dir, new BeadSpringOptions
        {
            Beads = 3, Tc = 1, Th = 10,
            Simulation = new SimulationOptions { Movies = Movies, Frames = Frames, Dt = Dt, Seed = 11, Threads = 2 },
        });
        return dir;
    }

    private static (JsonDocument Truth, IReadOnlyList<BondEstimate> Bonds) BondsOf(string dir)
    {
        var truth = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "truth.json")));
        var d = new DissipationMap { WindowOutputs = Enumerable.Range(0, Movies).Select(_ => new float[1]).ToArray(),
                                     MapPerMovie = Enumerable.Range(0, Movies).Select(_ => new double[5 * 15]).ToArray(), MapHeight = 5, MapWidth = 15 };
        return (truth, ExchangedEntropy.FromMaps(truth, [d], 60)!);
    }

    [Fact]
    public void Realised_rates_are_Eq_S9_over_the_covered_steps_of_each_stored_trajectory()
    {
        string dir = Simulate();
        var (truth, bonds) = BondsOf(dir);
        using var _ = truth;
        Assert.Equal([(0, 1), (1, 2)], bonds.Select(b => (b.I, b.J)));
        int[] covered = [Frames - 1, Frames - 1, 1500, 2997];   // e.g. n = 4 windows stop short of the last steps
        var rates = RealisedBondEntropy.PerMovie(dir, truth, bonds, covered, Frames, Dt)!;

        // independently: the model's own S9 on the stored coordinates
        var model = BeadSpringChain.Create(3, 1, 10);
        using var traj = NpyArray.Open(Path.Combine(dir, "trajectories.npy"));
        var z = traj.ReadAll<double>();
        for (int m = 0; m < Movies; m++)
            for (int b = 0; b < 2; b++)
            {
                double expected = BondTrajectoryEntropy.Sum(model, z.AsSpan(m * Frames * 3, Frames * 3), covered[m] + 1, b, b + 1) / (covered[m] * Dt);
                Assert.Equal(expected, rates[b][m], 12);
            }
        // and the realised rates scatter around the analytic ones (4 movies × 30 time units: a loose check of sign and scale)
        for (int b = 0; b < 2; b++)
        {
            double analytic = bonds[b].True!.Value, mean = rates[b].Average();
            Assert.InRange(mean, 0.5 * analytic, 1.5 * analytic);
        }
    }

    [Fact]
    public void Without_trajectories_there_is_no_realised_rate_and_a_mismatched_file_is_refused()
    {
        string dir = Simulate();
        var (truth, bonds) = BondsOf(dir);
        using var _ = truth;
        int[] covered = Enumerable.Repeat(Frames - 1, Movies).ToArray();
        Assert.Throws<InputException>(() => RealisedBondEntropy.PerMovie(dir, truth, bonds, covered, Frames + 1, Dt));
        var e = Assert.Throws<InputException>(() => RealisedBondEntropy.PerMovie(dir, truth, bonds, covered[..3], Frames, Dt));
        Assert.Contains("trajectories.npy", e.Message);
        File.Delete(Path.Combine(dir, "trajectories.npy"));
        Assert.Null(RealisedBondEntropy.PerMovie(dir, truth, bonds, covered, Frames, Dt));
    }
}
