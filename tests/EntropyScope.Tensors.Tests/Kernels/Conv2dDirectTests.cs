using EntropyScope.Tensors.Kernels;
using static EntropyScope.Tensors.Tests.Kernels.KernelAssert;

namespace EntropyScope.Tensors.Tests.Kernels;

/// <summary>
/// The direct convolution path (positions in the AVX-512 lanes, no im2col) against the plain-loop twin: called directly
/// on every geometry it supports (strides 1–3, not only those <see cref="Conv2dKernels"/> sends to it), and through the
/// public API for the shapes that are dispatched to it. Same rigorous float32 bounds as <see cref="Conv2dKernelsTests"/>.
/// </summary>
[Collection(EngineThreadsCollection.Name)]
public unsafe class Conv2dDirectTests
{
    // (Cin, Cout, H, W, kernel, stride, pad, batch): Cin 1–3; Ho·Wo ragged (not a multiple of 16) or exact; prime and odd
    // sizes; batch 1, odd, and more than one chunk of images; Cin = 1 with Cout = 64.
    public static IEnumerable<object[]> Geometries() =>
    [
        [2, 32, 20, 40, 5, 2, 2, 1], // CNEEP conv1, one image (200 positions: 12 slots + an overlapping one)
        [2, 32, 20, 40, 5, 2, 2, 13], // CNEEP conv1, odd batch over three chunks
        [1, 64, 20, 40, 5, 2, 2, 7], // one input channel, 64 out (per-frame convolutions)
        [1, 64, 17, 23, 3, 2, 1, 5], // prime input: 9×12 outputs
        [3, 16, 11, 13, 5, 2, 2, 3], // 6×7 = 42 positions
        [2, 8, 9, 31, 3, 2, 0, 2], // 4×15, no padding
        [1, 8, 8, 8, 4, 2, 1, 1], // even kernel, exactly 16 positions (no overlapping slot)
        [3, 24, 7, 19, 2, 2, 0, 9], // 3×9 = 27 positions, kernel 2
        [2, 16, 13, 29, 5, 3, 2, 4], // stride 3 (scalar phase split)
        [2, 16, 6, 10, 3, 1, 1, 3], // stride 1
        [1, 32, 40, 41, 5, 2, 2, 2], // larger image, odd width: 20×21
        [3, 8, 33, 5, 3, 2, 1, 2], // narrow rows: 17×3
        [1, 8, 12, 40, 3, 2, 0, 2], // the last input row is read by no output
    ];

    [Theory]
    [MemberData(nameof(Geometries))]
    public void ForwardMatchesTheTwin(int cin, int cout, int h, int w, int k, int s, int p, int batch)
    {
        var g = new Conv2dGeometry(cin, cout, h, w, k, s, p);
        if (!Conv2dDirect.Supports(g)) return; // no AVX-512 here: the public API uses the GEMM path (tested elsewhere)
        ConvTwinChecks.Forward("Conv2dDirect.Forward", Conv2dDirect.Forward, g, batch, cin * 1000 + cout * 10 + k + 7);
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void BackwardDataMatchesTheTwin(int cin, int cout, int h, int w, int k, int s, int p, int batch)
    {
        var g = new Conv2dGeometry(cin, cout, h, w, k, s, p);
        if (!Conv2dDirect.Supports(g)) return;
        var rng = new Random(cin * 1000 + cout * 10 + k + 8);
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
            Conv2dKernelsTests.WithThreads(threads, () =>
            {
                fixed (float* pdy = dy, pw = wt, pdx = actual)
                    Conv2dDirect.BackwardData(g, batch, pdy, pw, pdx);
            });
            KernelAssert.Within(expected, actual, bound, $"Conv2dDirect.BackwardData {g} batch {batch} threads={threads}");
        }
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void BackwardWeightsAccumulatesLikeTheTwin(int cin, int cout, int h, int w, int k, int s, int p, int batch)
    {
        var g = new Conv2dGeometry(cin, cout, h, w, k, s, p);
        if (!Conv2dDirect.Supports(g)) return;
        ConvTwinChecks.BackwardWeights("Conv2dDirect.BackwardWeights", Conv2dDirect.BackwardWeights, g, batch, cin * 1000 + cout * 10 + k + 9);
    }

    [Fact]
    public void ThePublicApiSendsStridedFewChannelLayersHere()
    {
        Assert.Equal(Conv2dDirect.Supports(new Conv2dGeometry(2, 32, 20, 40, 5, 2, 2)),
            Conv2dDirect.Preferred(new Conv2dGeometry(2, 32, 20, 40, 5, 2, 2)));
        Assert.Equal(Conv2dDirect.Supports(new Conv2dGeometry(1, 64, 20, 40, 5, 2, 2)),
            Conv2dDirect.Preferred(new Conv2dGeometry(1, 64, 20, 40, 5, 2, 2)));
        Assert.False(Conv2dDirect.Preferred(new Conv2dGeometry(32, 32, 5, 10, 3, 1, 1))); // conv2: GEMM path
        Assert.False(Conv2dDirect.Preferred(new Conv2dGeometry(3, 4, 7, 45, 3, 2, 1))); // Cout not a multiple of 8
        Assert.False(Conv2dDirect.Supports(new Conv2dGeometry(2, 8, 5, 5, 3, 2, 1))); // 3×3 = 9 positions: fewer than 16
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void ThePublicApiMatchesTheTwinOnDispatchedShapes(int cin, int cout, int h, int w, int k, int s, int p, int batch)
    {
        var g = new Conv2dGeometry(cin, cout, h, w, k, s, p);
        if (!Conv2dDirect.Preferred(g)) return; // the GEMM path's own tests cover the rest
        ConvTwinChecks.PublicApi(g, batch, cin * 1000 + cout * 10 + k + 10);
    }
}
