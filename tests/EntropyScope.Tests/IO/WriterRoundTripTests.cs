using EntropyScope.IO;

namespace EntropyScope.Tests.IO;

/// <summary>Everything the writers produce reads back bit-exactly through the readers.</summary>
public class WriterRoundTripTests
{
    private static void RoundTrip<T>(T[] data, NpyDType dtype, params int[] shape) where T : unmanaged
    {
        using var dir = new TempDir();
        string path = dir.File("a.npy");
        Npy.Write<T>(path, data, shape);
        using var a = NpyArray.Open(path);
        Assert.Equal(shape, a.Shape);
        Assert.Equal(dtype, a.DType);
        Assert.Equal(1, a.FormatVersion);
        var raw = File.ReadAllBytes(path);
        Assert.Equal(0, (raw.Length - data.Length * NpyDTypes.SizeOf(dtype)) % 64);   // data 64-byte aligned
        if (typeof(T) == typeof(bool)) Assert.Equal(data.Select(v => (bool)(object)v ? 1L : 0L), a.ReadAll<long>());
        else Assert.Equal(data, a.ReadAll<T>());
    }

    [Fact]
    public void NpyWriteEveryDType()
    {
        RoundTrip(new byte[] { 0, 1, 255, 128, 7, 9 }, NpyDType.UInt8, 2, 3);
        RoundTrip(new sbyte[] { -128, 127, 0, -1 }, NpyDType.Int8, 4);
        RoundTrip(new bool[] { true, false, true }, NpyDType.Bool, 3);
        RoundTrip(new ushort[] { 0, 65535, 256, 1 }, NpyDType.UInt16, 2, 2);
        RoundTrip(new short[] { -32768, 32767, 0, 5 }, NpyDType.Int16, 1, 4);
        RoundTrip(new int[] { int.MinValue, int.MaxValue, 0, -5 }, NpyDType.Int32, 4, 1);
        RoundTrip(new long[] { long.MinValue, long.MaxValue, 0, 1L << 53 }, NpyDType.Int64, 2, 1, 2);
        RoundTrip(new float[] { float.MaxValue, -0f, 1e-40f, 3.25f }, NpyDType.Float32, 4);
        RoundTrip(new double[] { double.Epsilon, -1e300, Math.PI, 0 }, NpyDType.Float64, 2, 2);
    }

    [Fact]
    public void HeaderOfAManyDimensionalShapeIsFormat1And64ByteAligned()
    {
        // Even numpy's 64-dimension limit stays far below format 1.0's 64 KiB header; 2.0 is never needed in practice.
        var shape = Enumerable.Repeat(1, 64).ToArray();
        byte[] small = NpyHeader.Build(NpyDType.Float32, shape);
        Assert.Equal(1, small[6]);
        Assert.Equal(0, small.Length % 64);
    }

    [Theory]
    [InlineData(NpyDType.UInt8)]
    [InlineData(NpyDType.UInt16)]
    [InlineData(NpyDType.Float32)]
    public void TiffStackWriterReadsBack(NpyDType dtype)
    {
        using var dir = new TempDir();
        string path = dir.File("s.tif");
        const int P = 4, H = 7, W = 9;   // odd sizes: exercise word alignment of the IFDs
        var values = Enumerable.Range(0, P * H * W).Select(i => dtype == NpyDType.Float32 ? i * 0.5 - 20 : dtype == NpyDType.UInt16 ? i * 331 % 65536 : i % 256).ToArray();
        switch (dtype)
        {
            case NpyDType.UInt8: Tiff.Write<byte>(path, values.Select(v => (byte)v).ToArray(), H, W); break;
            case NpyDType.UInt16: Tiff.Write<ushort>(path, values.Select(v => (ushort)v).ToArray(), H, W); break;
            default: Tiff.Write<float>(path, values.Select(v => (float)v).ToArray(), H, W); break;
        }
        using var s = TiffStack.Open(path);
        Assert.Equal((P, H, W, dtype), (s.PageCount, s.Height, s.Width, s.DType));
        Assert.Equal(values, s.ReadAll<double>());
        using var movies = MovieSet.Open(path);
        Assert.Equal(P, movies.FrameCount(0));
    }

    [Fact]
    public void TiffStackWriterWithoutCommitLeavesNothing()
    {
        using var dir = new TempDir();
        using (var w = TiffStackWriter.Create<byte>(dir.File("s.tif"), 2, 2))
            w.AppendPage<byte>([1, 2, 3, 4]);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void LargeMovieStreamsThroughNpyWriterAndIsSampledByMovieSet()
    {
        using var dir = new TempDir();
        string path = dir.File("movies.npy");
        const int M = 5, L = 400, H = 20, W = 40;
        var frame = new byte[H * W];
        using (var w = NpyWriter.Create<byte>(path, M, L, H, W))
        {
            for (int m = 0; m < M; m++)
                for (int t = 0; t < L; t++)
                {
                    Array.Fill(frame, (byte)((m * 31 + t) % 251));
                    w.Append<byte>(frame);
                }
            w.Commit();
        }
        using var set = MovieSet.Open(dir.Path);
        Assert.Equal(M, set.Count);
        // Concurrent random windows, as a training sampler reads them.
        Parallel.For(0, 64, k =>
        {
            int m = k % M, start = k * 37 % (L - 3);
            var buf = new float[3 * H * W];
            set.CopyFrames(m, start, 3, buf);
            for (int f = 0; f < 3; f++)
                Assert.All(buf.AsSpan(f * H * W, H * W).ToArray(), v => Assert.Equal((m * 31 + start + f) % 251, v));
        });
    }
}
