using EntropyScope.Tensors.Kernels;
using static EntropyScope.Tensors.Tests.Kernels.KernelAssert;

namespace EntropyScope.Tensors.Tests.Kernels;

[Collection(EngineThreadsCollection.Name)]
public class Conv2dKernelsTests
{
    // (Cin, Cout, H, W, kernel, stride, pad, batch): 1s, odd and prime sizes, strides 1–3, kernels 1–5, the CNEEP shapes.
    public static IEnumerable<object[]> Geometries() =>
    [
        [1, 1, 1, 1, 1, 1, 0, 1],
        [1, 3, 5, 7, 3, 1, 1, 2],
        [3, 5, 7, 11, 5, 2, 2, 3],
        [2, 8, 20, 40, 5, 2, 2, 5],
        [8, 8, 5, 10, 3, 1, 1, 13],
        [8, 16, 5, 10, 3, 1, 1, 7],
        [7, 13, 9, 6, 2, 3, 0, 4],
        [4, 9, 3, 3, 5, 1, 2, 3],
        [5, 3, 13, 17, 1, 2, 0, 2],
        [33, 17, 6, 4, 3, 2, 1, 11],
        [3, 4, 6, 5, 1, 1, 1, 2],
        [2, 3, 1, 1, 1, 2, 0, 3], // a 1x1 image with stride 2: empty stride phases
        [3, 4, 7, 45, 3, 2, 1, 2], // stride 2 on a wide odd row: the vector phase split and its scalar tail
        [2, 32, 20, 40, 5, 2, 2, 3], // CNEEP conv1: the weight gradient takes the transposed form (50 taps, 32 channels)
        [3, 3, 3, 4, 5, 1, 2, 8], // a 5×5 "same" convolution on an image smaller than its kernel (CNEEP --last-block-first-kernel 5, tiny frames)
        [32, 32, 5, 25, 5, 1, 2, 8], // the same on case b's depth-2 grid (20×100 frames)
        [3, 3, 5, 10, 5, 1, 2, 4], // and on the 20×40 frames of N = 2, two and four windows (forward + reversed) per chunk
        [3, 3, 5, 10, 5, 1, 2, 8],
        [3, 3, 3, 4, 5, 1, 2, 4],
        [1, 32, 9, 9, 4, 1, 0, 2], // transposed weight gradient, even kernel, no padding // pad > kernel − 1: backward data cannot use the flipped-kernel path
    ];

    [Theory]
    [MemberData(nameof(Geometries))]
    public void ForwardMatchesTheTwin(int cin, int cout, int h, int w, int k, int s, int p, int batch)
    {
        var g = new Conv2dGeometry(cin, cout, h, w, k, s, p);
        var rng = new Random(cin * 1000 + cout * 10 + k);
        var x = KernelAssert.Random(rng, batch * g.InputImageSize);
        var wt = KernelAssert.Random(rng, g.WeightSize);
        var b = KernelAssert.Random(rng, cout);
        var bound = AbsoluteForward(g, batch, x, wt, b);
        foreach (bool relu in new[] { false, true })
        foreach (bool withBias in new[] { false, true })
        foreach (int threads in new[] { 1, 2, 3 })
        {
            var expected = new float[batch * g.OutputImageSize];
            var actual = new float[expected.Length];
            Conv2dReference.Forward(g, batch, x, wt, withBias ? b : [], expected, relu);
            WithThreads(threads, () => Conv2dKernels.Forward(g, batch, x, wt, withBias ? b : [], actual, relu));
            KernelAssert.Within(expected, actual, bound, $"Conv2d.Forward {g} batch {batch} relu={relu} bias={withBias} threads={threads}");
        }
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void BackwardDataMatchesTheTwin(int cin, int cout, int h, int w, int k, int s, int p, int batch)
    {
        var g = new Conv2dGeometry(cin, cout, h, w, k, s, p);
        var rng = new Random(cin * 1000 + cout * 10 + k + 1);
        var dy = KernelAssert.Random(rng, batch * g.OutputImageSize);
        var wt = KernelAssert.Random(rng, g.WeightSize);
        var abs = new float[batch * g.InputImageSize];
        Conv2dReference.BackwardData(g, batch, Abs(dy), Abs(wt), abs);
        var bound = Bound(abs, null, terms: cout * k * k);
        foreach (int threads in new[] { 1, 2, 3 })
        {
            var expected = new float[abs.Length];
            var actual = KernelAssert.Random(rng, abs.Length); // must be overwritten
            Conv2dReference.BackwardData(g, batch, dy, wt, expected);
            WithThreads(threads, () => Conv2dKernels.BackwardData(g, batch, dy, wt, actual));
            KernelAssert.Within(expected, actual, bound, $"Conv2d.BackwardData {g} batch {batch} threads={threads}");
        }
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public unsafe void BackwardWeightsAccumulatesLikeTheTwin(int cin, int cout, int h, int w, int k, int s, int p, int batch)
    {
        var g = new Conv2dGeometry(cin, cout, h, w, k, s, p);
        ConvTwinChecks.BackwardWeights("Conv2d.BackwardWeights", BackwardWeightsThroughPublicApi, g, batch, cin * 1000 + cout * 10 + k + 2);
    }

    /// <summary>The dispatching span API seen as a pointer kernel, so the shared twin check can drive it.</summary>
    private static unsafe void BackwardWeightsThroughPublicApi(Conv2dGeometry g, int batch, float* input, float* gradOutput,
        Span<float> gradWeight, Span<float> gradBias) =>
        Conv2dKernels.BackwardWeights(g, batch, new ReadOnlySpan<float>(input, batch * g.InputImageSize),
            new ReadOnlySpan<float>(gradOutput, batch * g.OutputImageSize), gradWeight, gradBias);

    [Fact]
    public void WrongBufferLengthNamesTheOpAndBothShapes()
    {
        var g = new Conv2dGeometry(2, 4, 5, 6, 3, 1, 1);
        var e = Assert.Throws<ArgumentException>(() =>
            Conv2dKernels.Forward(g, 3, new float[2 * 2 * 5 * 6], new float[g.WeightSize], [], new float[3 * g.OutputImageSize], false));
        Assert.Contains("Conv2d.Forward", e.Message);
        Assert.Contains("3x2x5x6", e.Message);
        Assert.Contains("120", e.Message);
    }

    [Fact]
    public void GeometryComputesFloorModeOutputSize()
    {
        var g = new Conv2dGeometry(2, 32, 20, 40, 5, 2, 2);
        Assert.Equal((10, 20), (g.OutHeight, g.OutWidth));
        Assert.Throws<ArgumentException>(() => new Conv2dGeometry(1, 1, 2, 2, 5, 1, 0));
    }

    /// <summary>Bound for the forward pass: (K + 2)·u·(Σ|w·x| + |b|), the sums from the twin run on absolute values.</summary>
    private static double[] AbsoluteForward(Conv2dGeometry g, int batch, float[] x, float[] w, float[] b)
    {
        var abs = new float[batch * g.OutputImageSize];
        Conv2dReference.Forward(g, batch, Abs(x), Abs(w), Abs(b), abs, relu: false);
        return Bound(abs, null, g.PatchSize + 1);
    }

    internal static void WithThreads(int threads, Action action)
    {
        int saved = EngineThreads.Count;
        EngineThreads.Count = threads;
        try { action(); }
        finally { EngineThreads.Count = saved; }
    }
}
