using EntropyScope.Tensors.Nn;
using EntropyScope.Tensors.Optim;

namespace EntropyScope.Tensors.Tests.Nn;

/// <summary>
/// GC.GetTotalAllocatedBytes counts every thread of the process (the engine's workers included), so this test runs
/// in a collection that xunit executes alone: allocations of tests running beside it would otherwise be counted.
/// </summary>
[Collection(ProcessWideMeasurementCollection.Name)]
public class SteadyStateAllocationTests
{
    [Fact]
    public void SteadyStateTrainingStepAllocatesNoTensorMemory()
    {
        var rng = new Random(5);
        var x = Tensor.Zeros(512, 16);
        for (int i = 0; i < x.Length; i++) x.Data[i] = (float)rng.NextDouble();
        var store = new ParameterStore();
        var net = new Sequential(new Linear(store, "0", 16, 64, rng) { FusedRelu = true }, new Linear(store, "1", 64, 1, rng));
        var adam = new Adam(store, 1e-3f);
        var tape = new Tape();
        void Step()
        {
            tape.Reset();
            store.ZeroGrad();
            var y = net.Forward(tape, x);
            var loss = tape.Mean(tape.Sub(y, tape.Exp(tape.Neg(y))));
            tape.Backward(loss);
            adam.Step();
        }
        // Warm up past tiered compilation (methods are re-jitted after ~30 calls; the runtime's bookkeeping for that
        // allocates on the process-wide counter while the measured steps run).
        for (int i = 0; i < 200; i++) Step();
        long before = GC.GetTotalAllocatedBytes(precise: true);
        for (int i = 0; i < 10; i++) Step();
        long perStep = (GC.GetTotalAllocatedBytes(precise: true) - before) / 10;
        // One activation tensor alone is 512×64×4 = 128 KiB; a step may allocate only small bookkeeping.
        Assert.True(perStep < 4096, $"{perStep} bytes allocated per step");
    }
}
