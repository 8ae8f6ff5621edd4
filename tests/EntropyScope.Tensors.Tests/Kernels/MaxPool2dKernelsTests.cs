using EntropyScope.Tensors.Kernels;

namespace EntropyScope.Tensors.Tests.Kernels;

[Collection(EngineThreadsCollection.Name)]
public class MaxPool2dKernelsTests
{
    [Theory]
    [InlineData(1, 1, 1, 1, 1)]
    [InlineData(3, 10, 20, 2, 2)]
    [InlineData(7, 11, 13, 3, 2)]
    [InlineData(5, 9, 7, 2, 3)]
    [InlineData(4096, 10, 20, 2, 2)]
    [InlineData(13, 5, 5, 5, 1)]
    public void ForwardAndBackwardEqualTheTwinExactly(int planes, int h, int w, int kernel, int stride)
    {
        var rng = new Random(planes + h * 7 + w);
        var x = KernelAssert.Random(rng, planes * h * w);
        x[0] = x[1 % x.Length]; // a tie: the first maximum must win in both
        int ho = (h - kernel) / stride + 1, wo = (w - kernel) / stride + 1;
        foreach (int threads in new[] { 1, 2, 3 })
        {
            var (ey, ay) = (new float[planes * ho * wo], new float[planes * ho * wo]);
            var (ea, aa) = (new int[ey.Length], new int[ey.Length]);
            MaxPool2dReference.Forward(planes, h, w, kernel, stride, x, ey, ea);
            Conv2dKernelsTests.WithThreads(threads, () => MaxPool2dKernels.Forward(planes, h, w, kernel, stride, x, ay, aa));
            Assert.Equal(ey, ay);
            Assert.Equal(ea, aa);

            var dy = KernelAssert.Random(rng, ey.Length);
            var dx0 = KernelAssert.Random(rng, x.Length);
            var (edx, adx) = ((float[])dx0.Clone(), (float[])dx0.Clone());
            MaxPool2dReference.Backward(dy, ea, planes, h * w, edx);
            Conv2dKernelsTests.WithThreads(threads, () => MaxPool2dKernels.Backward(dy, aa, planes, h * w, adx));
            Assert.Equal(edx, adx);
        }
    }

    [Fact]
    public void NaNPropagates()
    {
        float[] x = [1, float.NaN, 3, 2];
        var y = new float[1];
        var arg = new int[1];
        MaxPool2dKernels.Forward(1, 2, 2, 2, 2, x, y, arg);
        Assert.True(float.IsNaN(y[0]));
        Assert.Equal(1, arg[0]);
    }

    [Fact]
    public void BadArgmaxIsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => MaxPool2dKernels.Backward([1f], [9], 1, 4, new float[4]));
        Assert.Contains("MaxPool2d.Backward", e.Message);
    }
}
