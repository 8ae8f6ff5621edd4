using EntropyScope.IO;

namespace EntropyScope.Tests.IO;

public class NpyWriterTests
{
    [Fact]
    public void StreamedChunksReadBackInOrder()
    {
        using var dir = new TempDir();
        string path = dir.File("movies.npy");
        const int M = 3, L = 50, H = 20, W = 40;
        using (var w = NpyWriter.Create<byte>(path, M, L, H, W))
        {
            var frame = new byte[H * W];
            for (int m = 0; m < M; m++)
                for (int t = 0; t < L; t++)
                {
                    for (int i = 0; i < frame.Length; i++) frame[i] = (byte)(m * 7 + t * 3 + i);
                    w.Append<byte>(frame);
                }
            Assert.False(File.Exists(path));
            w.Commit();
        }
        Assert.True(File.Exists(path));
        Assert.Single(Directory.GetFiles(dir.Path));
        using var a = NpyArray.Open(path);
        Assert.Equal([M, L, H, W], a.Shape);
        Assert.Equal(NpyDType.UInt8, a.DType);
        var got = new byte[H * W];
        a.CopyTo<byte>(((2L * L) + 17) * H * W, got);
        for (int i = 0; i < got.Length; i++) Assert.Equal((byte)(2 * 7 + 17 * 3 + i), got[i]);
    }

    [Fact]
    public void PositionalWritesFromSeveralThreadsFillTheArray()
    {
        using var dir = new TempDir();
        string path = dir.File("a.npy");
        const int Rows = 64, Cols = 1000;
        using (var w = NpyWriter.Create<double>(path, Rows, Cols))
        {
            Parallel.For(0, Rows, r =>
            {
                var row = new double[Cols];
                for (int c = 0; c < Cols; c++) row[c] = r * 1000.0 + c;
                w.WriteAt<double>((long)r * Cols, row);
            });
            w.Commit();
        }
        using var a = NpyArray.Open(path);
        var all = a.ReadAll<double>();
        for (int i = 0; i < all.Length; i++) Assert.Equal(i / Cols * 1000.0 + i % Cols, all[i]);
    }

    [Fact]
    public void DisposeWithoutCommitLeavesNothing()
    {
        using var dir = new TempDir();
        string path = dir.File("a.npy");
        using (var w = NpyWriter.Create<float>(path, 10, 10))
            w.Append<float>(new float[37]);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void CommitOfIncompleteArrayThrowsAndLeavesNothing()
    {
        using var dir = new TempDir();
        string path = dir.File("a.npy");
        using (var w = NpyWriter.Create<short>(path, 4, 4))
        {
            w.Append<short>(new short[15]);
            Assert.Throws<InvalidOperationException>(() => w.Commit());
        }
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void AppendBeyondShapeOrWrongTypeThrows()
    {
        using var dir = new TempDir();
        using var w = NpyWriter.Create<float>(dir.File("a.npy"), 2, 3);
        Assert.Throws<ArgumentException>(() => w.Append<double>(new double[2]));
        w.Append<float>(new float[6]);
        Assert.Throws<InvalidOperationException>(() => w.Append<float>(new float[1]));
    }

    [Fact]
    public void CommitReplacesAnExistingFile()
    {
        using var dir = new TempDir();
        string path = dir.File("a.npy");
        Npy.Write<int>(path, [1, 2, 3], 3);
        using (var w = NpyWriter.Create<long>(path, 2))
        {
            w.Append<long>([7L, 8L]);
            w.Commit();
        }
        using var a = NpyArray.Open(path);
        Assert.Equal([7L, 8L], a.ReadAll<long>());
    }
}
