using EntropyScope.Tensors.Kernels;

namespace EntropyScope.Tensors.Tests;

public class GemmReferenceTests
{
    [Fact]
    public void TwoByTwoProductMatchesHandComputation()
    {
        float[] a = [1, 2, 3, 4], b = [5, 6, 7, 8], c = new float[4];
        GemmReference.Multiply(2, 2, 2, a, 2, false, b, 2, false, c, 2, accumulate: false);
        Assert.Equal([19f, 22f, 43f, 50f], c);
    }
}
