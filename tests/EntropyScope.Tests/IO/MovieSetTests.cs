using EntropyScope.IO;

namespace EntropyScope.Tests.IO;

public class MovieSetTests
{
    private static byte Pixel(int m, int t, int y, int x) => (byte)(m * 50 + t * 5 + y * 3 + x);

    private static void WriteMovies(string path, int m, int l, int h, int w, bool fourD = true)
    {
        var data = new byte[m * l * h * w];
        int i = 0;
        for (int a = 0; a < m; a++) for (int t = 0; t < l; t++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) data[i++] = Pixel(a, t, y, x);
        if (fourD) Npy.Write<byte>(path, data, m, l, h, w);
        else Npy.Write<byte>(path, data, l, h, w);
    }

    [Fact]
    public void FourDimensionalNpyIsAMovieSet()
    {
        using var dir = new TempDir();
        string path = dir.File("movies.npy");
        WriteMovies(path, 3, 6, 4, 5);
        using var set = MovieSet.Open(path);
        Assert.Equal(3, set.Count);
        Assert.Equal(4, set.Height);
        Assert.Equal(5, set.Width);
        Assert.Equal(6, set.FrameCount(2));
        var buf = new float[2 * 4 * 5];
        set.CopyFrames(2, 3, 2, buf);
        Assert.Equal(Pixel(2, 3, 0, 0), buf[0]);
        Assert.Equal(Pixel(2, 4, 3, 4), buf[^1]);
    }

    [Fact]
    public void SimulationFolderOpensMoviesNpyOnly()
    {
        using var dir = new TempDir();
        WriteMovies(dir.File("movies.npy"), 2, 4, 3, 3);
        Npy.Write<double>(dir.File("trajectories.npy"), new double[2 * 4 * 2], 2, 4, 2);
        using var set = MovieSet.Open(dir.Path);
        Assert.Equal(2, set.Count);
    }

    [Fact]
    public void FolderOfThreeDimensionalFilesIsOneMoviePerFile()
    {
        using var dir = new TempDir();
        WriteMovies(dir.File("b.npy"), 1, 7, 3, 4, fourD: false);
        WriteMovies(dir.File("a.npy"), 1, 5, 3, 4, fourD: false);
        using var set = MovieSet.Open(dir.Path);
        Assert.Equal(2, set.Count);
        Assert.Equal(5, set.FrameCount(0));
        Assert.Equal(7, set.FrameCount(1));
    }

    [Fact]
    public void MismatchedFrameSizesInAFolderAreAnInputError()
    {
        using var dir = new TempDir();
        WriteMovies(dir.File("a.npy"), 1, 5, 3, 4, fourD: false);
        WriteMovies(dir.File("b.npy"), 1, 5, 4, 4, fourD: false);
        var e = Assert.Throws<InputException>(() => MovieSet.Open(dir.Path));
        Assert.Contains("b.npy", e.Message);
        Assert.Contains("frame size", e.Message);
    }

    [Fact]
    public void NaNPixelIsAnInputErrorNamingTheFrame()
    {
        using var dir = new TempDir();
        string path = dir.File("m.npy");
        var data = new float[3 * 2 * 2];
        data[9] = float.NaN;
        Npy.Write<float>(path, data, 3, 2, 2);
        using var set = MovieSet.Open(path);
        var buf = new float[12];
        set.CopyFrames(0, 0, 2, buf);
        var e = Assert.Throws<InputException>(() => set.CopyFrames(0, 0, 3, buf));
        Assert.Contains("frame 2", e.Message);
    }

    [Fact]
    public void WrongDimensionalityAndMissingFileAreInputErrors()
    {
        using var dir = new TempDir();
        string path = dir.File("m.npy");
        Npy.Write<byte>(path, new byte[6], 2, 3);
        Assert.Contains("(L, H, W)", Assert.Throws<InputException>(() => MovieSet.Open(path)).Message);
        Assert.Contains("not found", Assert.Throws<InputException>(() => MovieSet.Open(dir.File("nope.npy"))).Message);
    }
}
