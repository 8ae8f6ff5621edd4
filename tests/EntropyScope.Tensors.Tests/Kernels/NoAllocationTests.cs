using EntropyScope.Tensors.Kernels;

namespace EntropyScope.Tensors.Tests.Kernels;

/// <summary>The training loop calls these kernels every step: after the first call they must allocate nothing, on any thread.</summary>
[Collection(EngineThreadsCollection.Name)]
public class NoAllocationTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void SteadyStateKernelsAllocateNothing(int threads)
    {
        var rng = new Random(5);
        var g1 = new Conv2dGeometry(2, 8, 20, 40, 5, 2, 2);
        var g2 = new Conv2dGeometry(8, 8, 5, 10, 3, 1, 1);
        var g3 = new Conv2dGeometry(32, 32, 5, 10, 3, 1, 1); // the channel-lanes path (CNEEP conv2)
        int batch = 12;
        var x1 = KernelAssert.Random(rng, batch * g1.InputImageSize);
        var w1 = KernelAssert.Random(rng, g1.WeightSize);
        var y1 = new float[batch * g1.OutputImageSize];
        var x2 = KernelAssert.Random(rng, batch * g2.InputImageSize);
        var w2 = KernelAssert.Random(rng, g2.WeightSize);
        var b2 = new float[g2.OutChannels];
        var y2 = new float[batch * g2.OutputImageSize];
        var dx2 = new float[x2.Length];
        var dx1 = new float[x1.Length];
        var dw2 = new float[w2.Length];
        var dw1 = new float[w1.Length];
        var db1 = new float[g1.OutChannels];
        var x3 = KernelAssert.Random(rng, batch * g3.InputImageSize);
        var w3 = KernelAssert.Random(rng, g3.WeightSize);
        var b3 = new float[g3.OutChannels];
        var y3 = new float[batch * g3.OutputImageSize];
        var dx3 = new float[x3.Length];
        var dw3 = new float[w3.Length];
        var a = KernelAssert.Random(rng, 200 * 150);
        var c = new float[200 * 200];
        var pooled = new float[batch * 8 * 5 * 10];
        var argmax = new int[pooled.Length];
        var pin = new float[batch * 8 * 10 * 20];

        void Step()
        {
            Gemm.Multiply(200, 200, 150, a, 150, false, a, 150, true, c, 200, false);
            Conv2dKernels.Forward(g1, batch, x1, w1, [], y1, relu: true);
            Conv2dKernels.Forward(g2, batch, x2, w2, b2, y2, relu: true);
            Conv2dKernels.BackwardData(g2, batch, y2, w2, dx2);
            Conv2dKernels.BackwardData(g1, batch, y1, w1, dx1);
            Conv2dKernels.BackwardWeights(g2, batch, x2, y2, dw2, b2);
            Conv2dKernels.BackwardWeights(g1, batch, x1, y1, dw1, db1);
            Conv2dKernels.Forward(g3, batch, x3, w3, b3, y3, relu: true);
            Conv2dKernels.BackwardData(g3, batch, y3, w3, dx3);
            Conv2dKernels.BackwardWeights(g3, batch, x3, y3, dw3, b3);
            MaxPool2dKernels.Forward(batch * 8, 10, 20, 2, 2, pin, pooled, argmax);
            MaxPool2dKernels.Backward(pooled, argmax, batch * 8, 200, pin);
            Activations.Relu(y2, y2);
            Activations.SigmoidBackward(y2, y2, dx2.AsSpan(0, y2.Length));
        }

        Conv2dKernelsTests.WithThreads(threads, () =>
        {
            Step();
            Step();
            // The calling thread is worker 0 and runs the same code as the other workers. (Counting every thread
            // would also count the runtime's own tier-up work on background threads.)
            long before = GC.GetAllocatedBytesForCurrentThread();
            Step();
            Step();
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(0, allocated);
        });
    }
}
