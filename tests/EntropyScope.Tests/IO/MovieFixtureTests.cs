using EntropyScope.IO;

namespace EntropyScope.Tests.IO;

/// <summary>MovieSet over fixture files and folders of mixed NPY/TIFF movies.</summary>
public class MovieFixtureTests
{
    [Fact]
    public void FolderOfTiffAndNpyMoviesReadsEveryMovie()
    {
        using var set = MovieSet.Open(Fixtures.Path_("movies", "ok"));
        Assert.Equal(3, set.Count);
        Assert.Equal((12, 10), (set.Height, set.Width));
        string[] kinds = ["u8", "u16", "u8"];   // a.tif, b.tif (uint16 LZW), c.npy
        for (int m = 0; m < 3; m++)
        {
            Assert.Equal(3, set.FrameCount(m));
            var frames = new float[2 * 120];
            set.CopyFrames(m, 1, 2, frames);
            Assert.Equal(Fixtures.TiffStack(kinds[m], 3, 12, 10).Skip(120).Select(v => (float)v), frames);
        }
    }

    [Fact]
    public void FourDimensionalNpyFixtureIsTwoMovies()
    {
        using var set = MovieSet.Open(Fixtures.Npy("movies_u16.npy"));
        Assert.Equal(2, set.Count);
        var frame = new float[120];
        set.CopyFrames(1, 0, 1, frame);   // movie 1 is the stack with its frames reversed: frame 0 = page 2
        Assert.Equal(Fixtures.TiffStack("u16", 3, 12, 10).Skip(240).Select(v => (float)v), frame);
    }

    [Fact]
    public void TiffStackIsOneMovie()
    {
        using var set = MovieSet.Open(Fixtures.Tiff("u16_tiffcp_lzw_predictor.tif"));
        Assert.Equal(1, set.Count);
        var all = new float[360];
        set.CopyFrames(0, 0, 3, all);
        Assert.Equal(Fixtures.TiffStack("u16", 3, 12, 10).Select(v => (float)v), all);
    }

    [Fact]
    public void FolderWithMismatchedFrameSizesIsAnInputError()
    {
        var e = Assert.Throws<InputException>(() => MovieSet.Open(Fixtures.Path_("movies", "mismatch")));
        Assert.Contains("b.tif", e.Message);
        Assert.Contains("same frame size", e.Message);
    }
}

/// <summary>A folder of single-frame files is one movie in natural name order.</summary>
public class FrameFolderTests
{
    [Fact]
    public void SingleFrameFilesAreOneMovieInNaturalOrder()
    {
        using var set = MovieSet.Open(Fixtures.Path_("frames"));
        Assert.Equal(1, set.Count);
        Assert.Equal(11, set.FrameCount(0));
        var all = new float[11 * 120];
        set.CopyFrames(0, 0, 11, all);
        Assert.Equal(Fixtures.TiffStack("u8", 11, 12, 10).Select(v => (float)v), all);
    }

    [Fact]
    public void SingleFramesOfDifferentSizesAreAnInputError()
    {
        using var dir = new TempDir();
        Tiff.Write<byte>(dir.File("f1.tif"), new byte[6], 2, 3);
        Tiff.Write<byte>(dir.File("f2.tif"), new byte[6], 3, 2);
        var e = Assert.Throws<InputException>(() => MovieSet.Open(dir.Path));
        Assert.Contains("f2.tif", e.Message);
        Assert.Contains("same size", e.Message);
    }

    [Fact]
    public void NaturalOrderSortsDigitRunsByValue()
    {
        string[] names = ["frame10.tif", "frame2.tif", "frame1.tif", "frame02b.tif", "a.tif"];
        Assert.Equal(["a.tif", "frame1.tif", "frame2.tif", "frame02b.tif", "frame10.tif"], names.Order(NaturalOrder.Instance));
    }
}
