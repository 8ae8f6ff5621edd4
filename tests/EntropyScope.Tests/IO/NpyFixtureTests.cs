using EntropyScope.IO;

namespace EntropyScope.Tests.IO;

/// <summary>NPY files written by numpy (tests/fixtures/npy) read back to the exact values.</summary>
public class NpyFixtureTests
{
    public static TheoryData<string, string, NpyDType> Files()
    {
        var d = new TheoryData<string, string, NpyDType>();
        (string Kind, NpyDType T)[] kinds =
        [
            ("uint8", NpyDType.UInt8), ("uint16", NpyDType.UInt16), ("int8", NpyDType.Int8), ("int16", NpyDType.Int16),
            ("int32", NpyDType.Int32), ("int64", NpyDType.Int64), ("float32", NpyDType.Float32), ("float64", NpyDType.Float64),
            ("bool", NpyDType.Bool),
        ];
        foreach (var (kind, t) in kinds)
        {
            d.Add($"{kind}_v1.npy", kind, t);
            d.Add($"{kind}_v2.npy", kind, t);
        }
        d.Add("float64_v3.npy", "float64", NpyDType.Float64);
        d.Add("uint16_be.npy", "uint16", NpyDType.UInt16);
        d.Add("int32_be.npy", "int32", NpyDType.Int32);
        d.Add("float32_be.npy", "float32", NpyDType.Float32);
        d.Add("float64_be.npy", "float64", NpyDType.Float64);
        return d;
    }

    [Theory, MemberData(nameof(Files))]
    public void ReadsExactValues(string file, string kind, NpyDType dtype)
    {
        using var a = NpyArray.Open(Fixtures.Npy(file));
        Assert.Equal([3, 4, 5], a.Shape);
        Assert.Equal(dtype, a.DType);
        Assert.Equal(file.EndsWith("_be.npy"), a.BigEndian);
        Assert.Equal(file.Contains("_v2") ? 2 : file.Contains("_v3") ? 3 : 1, a.FormatVersion);
        double[] all = a.ReadAll<double>();
        for (int i = 0; i < all.Length; i++) Assert.Equal(Fixtures.NpyValue(kind, i), all[i]);
        // A partial read from the middle, into the file's own type where it is an integer.
        var part = new long[7];
        a.CopyTo<long>(31, part);
        for (int i = 0; i < part.Length; i++) Assert.Equal((long)Fixtures.NpyValue(kind, 31 + i), part[i]);
        var floats = new float[13];
        a.CopyTo<float>(40, floats);
        for (int i = 0; i < floats.Length; i++) Assert.Equal((float)Fixtures.NpyValue(kind, 40 + i), floats[i]);
    }

    [Fact]
    public void Int64ValuesStayExactAsLong()
    {
        using var a = NpyArray.Open(Fixtures.Npy("int64_v1.npy"));
        long[] v = a.ReadAll<long>();
        for (int i = 0; i < v.Length; i++) Assert.Equal(i * 1_000_000_000_000L - 30_000_000_000_000L, v[i]);
    }

    [Fact]
    public void OneDimensionalScalarAndEmptyShapes()
    {
        using (var a = NpyArray.Open(Fixtures.Npy("float64_1d.npy")))
        {
            Assert.Equal([7], a.Shape);
            Assert.Equal([0, 1.5, 3, 4.5, 6, 7.5, 9], a.ReadAll<double>());
        }
        using (var s = NpyArray.Open(Fixtures.Npy("float64_scalar.npy")))
        {
            Assert.Empty(s.Shape);
            Assert.Equal(1, s.Length);
            Assert.Equal([2.5], s.ReadAll<double>());
        }
        using var e = NpyArray.Open(Fixtures.Npy("float32_empty.npy"));
        Assert.Equal([0, 4], e.Shape);
        Assert.Empty(e.ReadAll<float>());
    }

    [Theory]
    [InlineData("truncated.npy", "truncated")]
    [InlineData("bad_magic.npy", "not an NPY file")]
    [InlineData("header_only.npy", "header length")]
    [InlineData("huge_shape.npy", "truncated")]
    [InlineData("overflow_shape.npy", "impossibly large")]
    [InlineData("header_len_too_big.npy", "header length")]
    [InlineData("garbage_header.npy", "corrupt NPY header")]
    [InlineData("version9.npy", "format version 9")]
    [InlineData("fortran_order.npy", "Fortran")]
    [InlineData("complex128.npy", "unsupported NPY dtype '<c16'")]
    [InlineData("uint32.npy", "unsupported NPY dtype '<u4'")]
    [InlineData("structured.npy", "structured")]
    public void BadFilesGiveOneClearInputError(string file, string expected)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InputException>(() => NpyArray.Open(Fixtures.Npy(file)));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains(file, e.Message);
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
        // A corrupt header never causes an allocation larger than the file (plus fixed overhead).
        Assert.True(allocated < new FileInfo(Fixtures.Npy(file)).Length + 256 * 1024, $"allocated {allocated} bytes");
    }
}
