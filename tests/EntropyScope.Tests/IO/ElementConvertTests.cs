using System.Buffers.Binary;
using System.Runtime.InteropServices;
using EntropyScope.IO;

namespace EntropyScope.Tests.IO;

/// <summary>The bulk (vectorised) conversions agree with plain scalar casts, including the loop tails.</summary>
public class ElementConvertTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(31)]
    [InlineData(1000)]
    [InlineData(20001)]
    public void UInt8AndUInt16AndFloat64ToFloatMatchScalarCasts(int n)
    {
        var rng = new Random(n);
        var b = new byte[n];
        rng.NextBytes(b);
        var f = new float[n];
        ElementConvert.Copy<float>(NpyDType.UInt8, false, b, f);
        for (int i = 0; i < n; i++) Assert.Equal(b[i], f[i]);

        var u = Enumerable.Range(0, n).Select(_ => (ushort)rng.Next(65536)).ToArray();
        ElementConvert.Copy<float>(NpyDType.UInt16, false, MemoryMarshal.AsBytes(u.AsSpan()), f);
        for (int i = 0; i < n; i++) Assert.Equal(u[i], f[i]);

        var d = Enumerable.Range(0, n).Select(_ => (rng.NextDouble() - 0.5) * 1e6).ToArray();
        ElementConvert.Copy<float>(NpyDType.Float64, false, MemoryMarshal.AsBytes(d.AsSpan()), f);
        for (int i = 0; i < n; i++) Assert.Equal((float)d[i], f[i]);
    }

    [Fact]
    public void BigEndianLongerThanOneChunk()
    {
        const int n = 5000;   // > 8 KiB of doubles: several swap chunks
        var be = new byte[n * 8];
        for (int i = 0; i < n; i++) BinaryPrimitives.WriteDoubleBigEndian(be.AsSpan(i * 8), i * 0.125 - 3);
        var d = new double[n];
        ElementConvert.Copy<double>(NpyDType.Float64, true, be, d);
        for (int i = 0; i < n; i++) Assert.Equal(i * 0.125 - 3, d[i]);
    }

    [Fact]
    public void FloatToIntegerTruncatesAndSaturates()
    {
        double[] src = [2.9, -2.9, 1e20, -1e20, 300];
        var l = new long[5];
        ElementConvert.Copy<long>(NpyDType.Float64, false, MemoryMarshal.AsBytes(src.AsSpan()), l);
        Assert.Equal([2L, -2L, long.MaxValue, long.MinValue, 300L], l);
        var b = new byte[5];
        ElementConvert.Copy<byte>(NpyDType.Float64, false, MemoryMarshal.AsBytes(src.AsSpan()), b);
        Assert.Equal(new byte[] { 2, 0, 255, 0, 255 }, b);
    }

    [Fact]
    public void FirstNonFiniteFindsNaNAndInfinityAnywhere()
    {
        var v = new float[103];
        Assert.Equal(-1, ElementConvert.FirstNonFinite(v));
        foreach (int at in new[] { 0, 7, 64, 102 })
        {
            v[at] = at % 2 == 0 ? float.NaN : float.NegativeInfinity;
            Assert.Equal(at, ElementConvert.FirstNonFinite(v));
            v[at] = 0;
        }
    }
}
