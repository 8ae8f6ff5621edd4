using EntropyScope.Tensors.Kernels;
using static EntropyScope.Tensors.Tests.Kernels.KernelAssert;

namespace EntropyScope.Tensors.Tests.Kernels;

/// <summary>
/// The weight-gradient check every direct convolution path shares: a fast BackwardWeights must accumulate into the
/// existing dW (and db, when given) what the reference twin accumulates, within the float32 bound, at 1–3 workers.
/// </summary>
internal static unsafe class ConvWeightGradientTwinCheck
{
    public delegate void Kernel(Conv2dGeometry g, int batch, float* input, float* gradOutput, Span<float> gradWeight, Span<float> gradBias);

    public static void Run(string name, Kernel kernel, Conv2dGeometry g, int batch, int seed)
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
}
