using EntropyScope.Tensors.Kernels;
using static EntropyScope.Tensors.Tests.Kernels.KernelAssert;

namespace EntropyScope.Tensors.Tests.Kernels;

/// <summary>
/// The channel-lanes path (32 output channels in the AVX-512 lanes, input broadcast from padded images, no im2col; stride
/// 1 for conv2/conv3, stride 2 for conv1's forward and weight gradient)
/// against the plain-loop twin: its kernels called directly on every geometry they support (not only those
/// <see cref="Conv2dKernels"/> sends to them), and the public API on the dispatched shapes. Same rigorous float32 bounds
/// as <see cref="Conv2dKernelsTests"/>.
/// </summary>
[Collection(EngineThreadsCollection.Name)]
public unsafe class Conv2dChannelLanesTests
{
    // (Cin, Cout, H, W, kernel, pad, batch), stride 1: output rows of exactly one or two register blocks (10) or ragged
    // (an overlapping last block); Cin·3 tap rows a multiple of the 4-row block or not; Cout 32, 64, 96; positions per
    // image a multiple of 8 or not (the 8×8 transposes' ragged end), fewer than 8; batch 1, odd, over several chunks.
    public static IEnumerable<object[]> Geometries() =>
    [
        [32, 32, 5, 10, 3, 1, 1], // CNEEP conv2 (and its backward-data), one image
        [32, 64, 5, 10, 3, 1, 13], // CNEEP conv3, odd batch over several chunks
        [64, 32, 5, 10, 3, 1, 5], // conv3's backward-data geometry (576 taps)
        [7, 32, 11, 13, 3, 1, 3], // prime sizes: 13-wide rows (overlapping block), 21 tap rows (one left over)
        [5, 32, 7, 23, 3, 0, 9], // no padding: 21-wide rows (blocks at 0, 10, 11), 15 tap rows, 9 images (8 + 1)
        [3, 96, 4, 19, 3, 2, 2], // pad 2: 6×21 outputs, three channel blocks, 9 tap rows
        [2, 32, 3, 12, 5, 2, 2], // kernel 5 (forward only)
        [1, 32, 9, 10, 1, 0, 3], // kernel 1 (forward only)
        [6, 32, 1, 10, 3, 1, 2], // one output row
        [32, 32, 10, 20, 3, 1, 3], // two blocks per row, 200 positions
        [8, 32, 5, 4, 3, 1, 3], // rows narrower than a block (weight gradient only)
        [4, 64, 2, 2, 3, 1, 2], // 4 positions: no whole 8×8 transpose (weight gradient only)
    ];

    [Theory]
    [MemberData(nameof(Geometries))]
    public void ForwardMatchesTheTwin(int cin, int cout, int h, int w, int k, int p, int batch)
    {
        var g = new Conv2dGeometry(cin, cout, h, w, k, 1, p);
        if (!Conv2dChannelLanes.SupportsForward(g)) return; // no AVX-512, or rows narrower than a block: GEMM path
        ConvTwinChecks.Forward("Conv2dChannelLanes.Forward", Conv2dChannelLanes.Forward, g, batch, cin * 1000 + cout * 10 + k + 11);
    }

    // Stride 2 (forward only), (Cin, Cout, H, W, kernel, pad, batch): CNEEP conv1; 23-wide rows (an overlapping block);
    // an even kernel; one input channel with 64 outputs; a last input row and column no output reads.
    public static IEnumerable<object[]> StridedGeometries() =>
    [
        [2, 32, 20, 40, 5, 2, 3],
        [3, 32, 21, 45, 5, 2, 2],
        [4, 32, 9, 27, 4, 1, 1],
        [1, 64, 17, 41, 3, 1, 5],
        [2, 32, 8, 22, 3, 0, 2],
    ];

    [Theory]
    [MemberData(nameof(StridedGeometries))]
    public void StridedForwardMatchesTheTwin(int cin, int cout, int h, int w, int k, int p, int batch)
    {
        var g = new Conv2dGeometry(cin, cout, h, w, k, 2, p);
        if (!Conv2dChannelLanes.SupportsForward(g)) return;
        ConvTwinChecks.Forward("Conv2dChannelLanes.Forward", Conv2dChannelLanes.Forward, g, batch, cin * 1000 + cout * 10 + k + 15);
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void BackwardWeightsAccumulatesLikeTheTwin(int cin, int cout, int h, int w, int k, int p, int batch) =>
        CheckBackwardWeights(new Conv2dGeometry(cin, cout, h, w, k, 1, p), batch);

    [Theory]
    [MemberData(nameof(StridedGeometries))]
    public void StridedBackwardWeightsAccumulatesLikeTheTwin(int cin, int cout, int h, int w, int k, int p, int batch) =>
        CheckBackwardWeights(new Conv2dGeometry(cin, cout, h, w, k, 2, p), batch);

    private static void CheckBackwardWeights(Conv2dGeometry g, int batch)
    {
        if (!Conv2dChannelLanes.SupportsWeights(g)) return;
        ConvTwinChecks.BackwardWeights("Conv2dChannelLanes.BackwardWeights", Conv2dChannelLanes.BackwardWeights, g, batch,
            g.InChannels * 1000 + g.OutChannels * 10 + g.Kernel + 12);
    }

    [Fact]
    public void ThePublicApiSendsTheCneepStride1LayersHere()
    {
        var conv2 = new Conv2dGeometry(32, 32, 5, 10, 3, 1, 1);
        var conv3 = new Conv2dGeometry(32, 64, 5, 10, 3, 1, 1);
        var conv3Data = new Conv2dGeometry(64, 32, 5, 10, 3, 1, 1); // backward-data of conv3 as a forward convolution
        foreach (var g in new[] { conv2, conv3, conv3Data })
        {
            Assert.Equal(Conv2dChannelLanes.SupportsForward(g), Conv2dChannelLanes.PreferredForward(g));
            Assert.Equal(Conv2dChannelLanes.SupportsWeights(g), Conv2dChannelLanes.PreferredWeights(g));
        }
        Assert.False(Conv2dChannelLanes.SupportsForward(new Conv2dGeometry(32, 16, 5, 10, 3, 1, 1))); // Cout not a multiple of 32
        Assert.False(Conv2dChannelLanes.SupportsForward(new Conv2dGeometry(32, 32, 30, 60, 3, 3, 1))); // stride 3
        var conv1 = new Conv2dGeometry(2, 32, 20, 40, 5, 2, 2); // forward here, both backward products on the direct path
        Assert.Equal(Conv2dChannelLanes.SupportsForward(conv1), Conv2dChannelLanes.PreferredForward(conv1));
        Assert.False(Conv2dChannelLanes.PreferredWeights(conv1));
        Assert.False(Conv2dChannelLanes.SupportsWeights(new Conv2dGeometry(32, 32, 5, 10, 4, 1, 2))); // 4×4: no register block
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void ThePublicApiMatchesTheTwinOnDispatchedShapes(int cin, int cout, int h, int w, int k, int p, int batch)
    {
        var g = new Conv2dGeometry(cin, cout, h, w, k, 1, p);
        ConvTwinChecks.PublicApi(g, batch, cin * 1000 + cout * 10 + k + 13);
    }

    // Streaming stores (taken for outputs of at least StreamingStore.ThresholdBytes; forced here with threshold 0):
    // conv2/conv3 forward and backward-data through the channel-lanes path, conv1 forward through the direct path, each
    // written at 0–3 floats past a 64-byte line so that the partial first and last lines are exercised.
    public static IEnumerable<object[]> StreamedShapes() =>
    [
        [32, 32, 5, 10, 3, 1, 1, 7],
        [32, 64, 5, 10, 3, 1, 1, 3],
        [7, 32, 11, 13, 3, 1, 1, 2],
        [2, 32, 20, 40, 5, 2, 2, 7],
        [1, 64, 17, 23, 3, 2, 1, 3],
    ];

    [Theory]
    [MemberData(nameof(StreamedShapes))]
    public void StreamedOutputsMatchTheTwin(int cin, int cout, int h, int w, int k, int s, int p, int batch)
    {
        var g = new Conv2dGeometry(cin, cout, h, w, k, s, p);
        var rng = new Random(cin * 1000 + cout * 10 + k + 14);
        var x = KernelAssert.Random(rng, batch * g.InputImageSize);
        var wt = KernelAssert.Random(rng, g.WeightSize);
        var b = KernelAssert.Random(rng, cout);
        var dy = KernelAssert.Random(rng, batch * g.OutputImageSize);
        var absY = new float[dy.Length];
        Conv2dReference.Forward(g, batch, Abs(x), Abs(wt), Abs(b), absY, relu: false);
        var absX = new float[x.Length];
        Conv2dReference.BackwardData(g, batch, Abs(dy), Abs(wt), absX);
        var ey = new float[dy.Length];
        Conv2dReference.Forward(g, batch, x, wt, b, ey, relu: true);
        var ex = new float[x.Length];
        Conv2dReference.BackwardData(g, batch, dy, wt, ex);
        long saved = StreamingStore.ThresholdBytes;
        try
        {
            StreamingStore.ThresholdBytes = 0;
            foreach (int offset in new[] { 0, 1, 3 })
            foreach (int threads in new[] { 1, 2 })
            {
                var y = KernelAssert.Random(rng, dy.Length + offset);
                var dx = KernelAssert.Random(rng, x.Length + offset);
                Conv2dKernelsTests.WithThreads(threads, () =>
                {
                    Conv2dKernels.Forward(g, batch, x, wt, b, y.AsSpan(offset), relu: true);
                    Conv2dKernels.BackwardData(g, batch, dy, wt, dx.AsSpan(offset));
                });
                KernelAssert.Within(ey, y[offset..], Bound(absY, null, g.PatchSize + 1), $"streamed Forward {g} offset {offset} threads {threads}");
                KernelAssert.Within(ex, dx[offset..], Bound(absX, null, cout * k * k), $"streamed BackwardData {g} offset {offset} threads {threads}");
            }
        }
        finally
        {
            StreamingStore.ThresholdBytes = saved;
        }
    }
}
