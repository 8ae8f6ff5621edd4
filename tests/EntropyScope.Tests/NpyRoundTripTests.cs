using EntropyScope.IO;

namespace EntropyScope.Tests;

public class NpyRoundTripTests
{
    [Fact]
    public void WrittenArrayReadsBackWithShapeAndValues()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("es-npy").FullName, "a.npy");
        double[] data = [1.5, -2, 3, 4, 5, 6];
        Npy.Write<double>(path, data, 2, 3);
        using var a = NpyArray.Open(path);
        Assert.Equal([2, 3], a.Shape);
        Assert.Equal(NpyDType.Float64, a.DType);
        Assert.Equal(data, a.ReadAll<double>());
        var part = new float[2];
        a.CopyTo<float>(3, part);
        Assert.Equal([4f, 5f], part);
    }
}
