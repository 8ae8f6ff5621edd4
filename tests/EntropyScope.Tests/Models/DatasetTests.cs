using System.Text.Json;
using EntropyScope.IO;
using EntropyScope.Models.BeadSpring;
using EntropyScope.Models.Filaments;
using EntropyScope.Models.Langevin;
using EntropyScope.Models.Ratchet;
using EntropyScope.Observation;
using EntropyScope.Observation.Noise;

namespace EntropyScope.Tests.Models;

public sealed class DatasetTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("es-models-").FullName;
    public void Dispose() { try { Directory.Delete(_root, true); } catch (IOException) { } }
    private string Out(string name) => Path.Combine(_root, name);

    private static BeadSpringOptions Small(int threads = 2, NoiseKind noise = NoiseKind.None, double alpha = 0, string? crop = null) => new()
    {
        Beads = 3,
        Simulation = new SimulationOptions { Movies = 2, Frames = 300, Seed = 5, Threads = threads, Noise = noise, Alpha = alpha, Crop = crop },
    };

    [Fact]
    public void BeadSpringFolderMatchesItsOwnTruth()
    {
        var summary = BeadSpringDataset.Write(Out("bs"), Small());
        using var movies = NpyArray.Open(Out("bs/movies.npy"));
        using var traj = NpyArray.Open(Out("bs/trajectories.npy"));
        using var ent = NpyArray.Open(Out("bs/entropy.npy"));
        Assert.Equal([2, 300, 20, 60], movies.Shape);
        Assert.Equal(NpyDType.UInt8, movies.DType);
        Assert.Equal([2, 300, 3], traj.Shape);
        Assert.Equal(NpyDType.Float64, traj.DType);
        Assert.Equal([2, 299], ent.Shape);

        var model = BeadSpringChain.Create(3, 1, 10);
        var z = traj.ReadAll<double>();
        var ds = ent.ReadAll<double>();
        var scratch = new double[6];
        // entropy.npy is the true ΔS of each stored step.
        for (int m = 0; m < 2; m++)
            for (int t = 0; t < 299; t += 37)
                Assert.Equal(model.StepEntropy(z.AsSpan((m * 300 + t) * 3, 3), z.AsSpan((m * 300 + t + 1) * 3, 3), scratch), ds[m * 299 + t], 10);
        // Frames are the renderer's image of the stored trajectory.
        var renderer = new BeadMovieRenderer(3, 1, model.StationaryStd());
        var frame = new byte[renderer.FrameSize];
        var stored = new byte[renderer.FrameSize];
        renderer.Render(z.AsSpan((300 + 123) * 3, 3), frame, new float[renderer.FrameSize]);
        movies.CopyTo<byte>((300L + 123) * renderer.FrameSize, stored);
        Assert.Equal(frame, stored);

        using var truth = JsonDocument.Parse(File.ReadAllText(Out("bs/truth.json")));
        var r = truth.RootElement;
        Assert.Equal("bead-spring", r.GetProperty("model").GetString());
        Assert.Equal(model.EntropyRate, r.GetProperty("entropy_rate").GetDouble(), 12);
        Assert.Equal(0.01, r.GetProperty("dt").GetDouble());
        Assert.Equal(5UL, r.GetProperty("seed").GetUInt64());
        Assert.Equal(3, r.GetProperty("temperatures").GetArrayLength());
        var bonds = r.GetProperty("bonds").EnumerateArray().ToList();
        Assert.Equal(2, bonds.Count);
        Assert.Equal(model.EntropyRate, bonds.Sum(b => b.GetProperty("exchanged_entropy_rate").GetDouble()), 12);
        Assert.Equal(summary.Bytes, Directory.GetFiles(Out("bs")).Sum(f => new FileInfo(f).Length));
    }

    [Fact]
    public void SameSeedSameBytesWhateverTheThreadCount()
    {
        BeadSpringDataset.Write(Out("a"), Small(threads: 1, noise: NoiseKind.Shot, alpha: 0.3));
        BeadSpringDataset.Write(Out("b"), Small(threads: 2, noise: NoiseKind.Shot, alpha: 0.3));
        foreach (var f in new[] { "movies.npy", "trajectories.npy", "entropy.npy", "truth.json" })
            Assert.Equal(File.ReadAllBytes(Out("a/" + f)), File.ReadAllBytes(Out("b/" + f)));
    }

    [Fact]
    public void CropAndNoiseShapeTheMovie()
    {
        var s = BeadSpringDataset.Write(Out("crop"), Small(noise: NoiseKind.Random, alpha: 0.2, crop: "0,0,40,20"));
        using var movies = NpyArray.Open(Out("crop/movies.npy"));
        Assert.Equal([2, 300, 20, 40], movies.Shape);
        // Beads 0 and 1 rest inside the crop, bead 2 does not: the reference is σ_01 alone.
        var model = BeadSpringChain.Create(3, 1, 10);
        Assert.Equal(model.Bonds()[0].ExchangedEntropyRate, s.ReferenceEntropyRate, 12);
        // Uniform noise lifts the background: no zero pixel is left far from the beads... on average 0.5·255α.
        var px = movies.ReadAll<byte>();
        Assert.InRange(px.Where((_, i) => i % 800 < 40).Average(b => (double)b), 20, 32);
    }

    [Fact]
    public void BadInputWritesNothing()
    {
        Assert.Throws<InputException>(() => BeadSpringDataset.Write(Out("bad1"), Small(crop: "30,0,40,20")));
        Assert.Throws<InputException>(() => BeadSpringDataset.Write(Out("bad2"), Small() with { Tc = 0 }));
        Assert.Throws<InputException>(() => BeadSpringDataset.Write(Out("bad3"), Small() with { Simulation = new SimulationOptions { Dt = -1 } }));
        Assert.Throws<InputException>(() => FilamentDataset.Write(Out("bad4"), new FilamentOptions { PHot = 1.5, Simulation = new SimulationOptions { Frames = 10 } }));
        Assert.Throws<InputException>(() => RatchetDataset.Write(Out("bad5"), new RatchetOptions { Potential = 1, Steps = 1 }));
        Assert.Empty(Directory.GetFileSystemEntries(_root));
    }

    [Fact]
    public void RefusesToReplaceAFolderThatIsNotASimulation()
    {
        Directory.CreateDirectory(Out("precious"));
        File.WriteAllText(Out("precious/notes.txt"), "keep me");
        Assert.Throws<InputException>(() => BeadSpringDataset.Write(Out("precious"), Small()));
        Assert.Throws<InputException>(() => RatchetDataset.Write(Out("precious"), new RatchetOptions { Steps = 10 }));
        Assert.Equal("keep me", File.ReadAllText(Out("precious/notes.txt")));
        // An earlier simulation folder is replaced whole.
        BeadSpringDataset.Write(Out("sim"), Small());
        BeadSpringDataset.Write(Out("sim"), Small() with { Simulation = new SimulationOptions { Movies = 1, Frames = 10, WriteMovies = false } });
        Assert.False(File.Exists(Out("sim/movies.npy")));
    }

    [Fact]
    public void FilamentFolderWithA1Crop()
    {
        var o = new FilamentOptions
        {
            Nodes = 6, Th = 2,
            Simulation = new SimulationOptions { Movies = 1, Frames = 50, Seed = 3, Crop = "a1" },
        };
        var s = FilamentDataset.Write(Out("fil"), o);
        using var movies = NpyArray.Open(Out("fil/movies.npy"));
        Assert.Equal([1, 50, 40, 40], movies.Shape);
        using var traj = NpyArray.Open(Out("fil/trajectories.npy"));
        Assert.Equal([1, 50, 72], traj.Shape);
        using var truth = JsonDocument.Parse(File.ReadAllText(Out("fil/truth.json")));
        var r = truth.RootElement;
        Assert.Equal(36, r.GetProperty("hot_mask").GetArrayLength());
        var bonds = r.GetProperty("bonds").EnumerateArray().ToList();
        Assert.Equal(2 * 6 * 7, bonds.Count);
        Assert.Equal(r.GetProperty("entropy_rate").GetDouble(), bonds.Sum(b => b.GetProperty("exchanged_entropy_rate").GetDouble()), 9);
        double inCrop = bonds.Where(b => b.GetProperty("in_crop").GetBoolean()).Sum(b => b.GetProperty("exchanged_entropy_rate").GetDouble());
        Assert.Equal(s.ReferenceEntropyRate, inCrop, 12);
        Assert.Equal(inCrop, r.GetProperty("observation").GetProperty("crop").GetProperty("reference_entropy_rate").GetDouble(), 12);
        Assert.True(inCrop > r.GetProperty("crop_area_share_entropy_rate").GetDouble());
    }

    [Fact]
    public void TiffStacksHoldTheSameFrames()
    {
        BeadSpringDataset.Write(Out("tif"), Small() with { Simulation = new SimulationOptions { Movies = 2, Frames = 40, Tiff = true } });
        using var movies = NpyArray.Open(Out("tif/movies.npy"));
        using var stack = TiffStack.Open(Out("tif/tiff/movie_0001.tif"));
        Assert.Equal(40, stack.PageCount);
        Assert.Equal(20, stack.Height);
        Assert.Equal(60, stack.Width);
        var expected = new byte[40 * 20 * 60];
        movies.CopyTo<byte>(expected.Length, expected);
        Assert.Equal(expected, stack.ReadAll<byte>());
    }

    [Fact]
    public void TrajectoriesOnlyForNeep()
    {
        var o = Small() with { HighDimensional = true, Beads = 8, Simulation = new SimulationOptions { Movies = 1, Frames = 100, WriteMovies = false } };
        var s = BeadSpringDataset.Write(Out("hd"), o);
        Assert.False(File.Exists(Out("hd/movies.npy")));
        Assert.Equal(1.0, s.EntropyRate, 3);
    }

    [Fact]
    public void RatchetFolder()
    {
        RatchetDataset.Write(Out("rp"), new RatchetOptions { Potential = 1.5, Partial = true, Steps = 5000, Trajectories = 2 });
        using var states = NpyArray.Open(Out("rp/trajectories.npy"));
        Assert.Equal(NpyDType.Int64, states.DType);
        Assert.Equal([2, 5000], states.Shape);
        Assert.All(states.ReadAll<long>(), s => Assert.InRange(s, 0, 2));
        using var truth = JsonDocument.Parse(File.ReadAllText(Out("rp/truth.json")));
        Assert.Equal(0.1306, truth.RootElement.GetProperty("entropy_rate").GetDouble(), 4);
        Assert.Equal(1, truth.RootElement.GetProperty("dt").GetDouble());
        Assert.True(truth.RootElement.GetProperty("partial").GetBoolean());
    }
}
