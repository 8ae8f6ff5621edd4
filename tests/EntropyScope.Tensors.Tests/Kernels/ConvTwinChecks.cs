using EntropyScope.Tensors.Kernels;
using static EntropyScope.Tensors.Tests.Kernels.KernelAssert;

namespace EntropyScope.Tensors.Tests.Kernels;

/// <summary>
/// The reference-twin checks the direct convolution paths share, at 1–3 workers and within the float32 error bound:
/// Forward must overwrite the output with the twin's result (with and without bias and ReLU); BackwardWeights must
/// accumulate into the existing dW (and db, when given) what the twin accumulates. <see cref="PublicApi"/> checks all
/// three products through the dispatching <see cref="Conv2dKernels"/> entry points.
/// </summary>
internal static unsafe class ConvTwinChecks
{
    public delegate void ForwardKernel(Conv2dGeometry g, int batch, float* input, float* weight, float* bias, float* output, bool relu);
    public delegate void WeightsKernel(Conv2dGeometry g, int batch, float* input, float* gradOutput, Span<float> gradWeight, Span<float> gradBias);

    public static void Forward(string name, ForwardKernel kernel, Conv2dGeometry g, int batch, int seed)
    {
        var rng = new Random(seed);
        var x = Random(rng, batch * g.InputImageSize);
        var wt = Random(rng, g.WeightSize);
        var b = Random(rng, g.OutChannels);
        var abs = new float[batch * g.OutputImageSize];
        Conv2dReference.Forward(g, batch, Abs(x), Abs(wt), Abs(b), abs, relu: false);
        var bound = Bound(abs, null, g.PatchSize + 1);
        foreach (bool relu in new[] { false, true })
        foreach (bool withBias in new[] { false, true })
        foreach (int threads in new[] { 1, 2, 3 })
        {
            var expected = new float[batch * g.OutputImageSize];
            var actual = Random(rng, expected.Length); // must be overwritten
            Conv2dReference.Forward(g, batch, x, wt, withBias ? b : [], expected, relu);
            Conv2dKernelsTests.WithThreads(threads, () =>
            {
                fixed (float* px = x, pw = wt, pb = b, py = actual)
                    kernel(g, batch, px, pw, withBias ? pb : null, py, relu);
            });
            Within(expected, actual, bound, $"{name} {g} batch {batch} relu={relu} bias={withBias} threads={threads}");
        }
    }

    public static void BackwardWeights(string name, WeightsKernel kernel, Conv2dGeometry g, int batch, int seed)
    {
        int cout = g.OutChannels;
        var rng = new Random(seed);
        var x = Random(rng, batch * g.InputImageSize);
        var dy = Random(rng, batch * g.OutputImageSize);
        var w0 = Random(rng, g.WeightSize);
        var b0 = Random(rng, cout);
        var absW = new float[g.WeightSize];
        var absB = new float[cout];
        Conv2dReference.BackwardWeights(g, batch, Abs(x), Abs(dy), absW, absB);
        int terms = batch * g.OutPlaneSize + 4; // + the per-worker partials added at the end
        var boundW = Bound(absW, w0, terms);
        var boundB = Bound(absB, b0, terms);
        foreach (int threads in new[] { 1, 2, 3 })
        foreach (bool withBias in new[] { false, true })
        {
            var (ew, eb, aw, ab) = ((float[])w0.Clone(), (float[])b0.Clone(), (float[])w0.Clone(), (float[])b0.Clone());
            Conv2dReference.BackwardWeights(g, batch, x, dy, ew, eb);
            Conv2dKernelsTests.WithThreads(threads, () =>
            {
                fixed (float* px = x, pdy = dy)
                    kernel(g, batch, px, pdy, aw, withBias ? ab : []);
            });
            Within(ew, aw, boundW, $"{name} weight {g} batch {batch} threads={threads}");
            Within(withBias ? eb : b0, ab, boundB, $"{name} bias {g} batch {batch} threads={threads} bias={withBias}");
        }
    }

    public static void PublicApi(Conv2dGeometry g, int batch, int seed)
    {
        var rng = new Random(seed);
        var x = Random(rng, batch * g.InputImageSize);
        var wt = Random(rng, g.WeightSize);
        var dy = Random(rng, batch * g.OutputImageSize);

        var absY = new float[dy.Length];
        Conv2dReference.Forward(g, batch, Abs(x), Abs(wt), [], absY, relu: false);
        var (ey, ay) = (new float[dy.Length], new float[dy.Length]);
        Conv2dReference.Forward(g, batch, x, wt, [], ey, relu: true);
        Conv2dKernels.Forward(g, batch, x, wt, [], ay, relu: true);
        Within(ey, ay, Bound(absY, null, g.PatchSize), $"Conv2dKernels.Forward {g}");

        var absX = new float[x.Length];
        Conv2dReference.BackwardData(g, batch, Abs(dy), Abs(wt), absX);
        var (ex, ax) = (new float[x.Length], new float[x.Length]);
        Conv2dReference.BackwardData(g, batch, dy, wt, ex);
        Conv2dKernels.BackwardData(g, batch, dy, wt, ax);
        Within(ex, ax, Bound(absX, null, g.OutChannels * g.Kernel * g.Kernel), $"Conv2dKernels.BackwardData {g}");

        var absW = new float[wt.Length];
        Conv2dReference.BackwardWeights(g, batch, Abs(x), Abs(dy), absW, []);
        var (ew, aw) = (new float[wt.Length], new float[wt.Length]);
        Conv2dReference.BackwardWeights(g, batch, x, dy, ew, []);
        Conv2dKernels.BackwardWeights(g, batch, x, dy, aw, []);
        Within(ew, aw, Bound(absW, null, batch * g.OutPlaneSize + 4), $"Conv2dKernels.BackwardWeights {g}");
    }
}
