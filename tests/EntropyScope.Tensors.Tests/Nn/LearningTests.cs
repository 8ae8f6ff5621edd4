using EntropyScope.Tensors.Nn;
using EntropyScope.Tensors.Optim;

namespace EntropyScope.Tensors.Tests.Nn;

/// <summary>Small seeded networks learn synthetic tasks end to end (modules, tape, Adam).</summary>
public class LearningTests
{
    [Fact]
    public void MlpFitsASmoothFunction()
    {
        var rng = new Random(1);
        const int n = 256;
        var x = Tensor.Zeros(n, 2);
        var y = Tensor.Zeros(n, 1);
        for (int i = 0; i < n; i++)
        {
            float a = (float)(rng.NextDouble() * 4 - 2), b = (float)(rng.NextDouble() * 2 - 1);
            x.Data[2 * i] = a; x.Data[2 * i + 1] = b;
            y.Data[i] = MathF.Sin(a) * b;
        }
        var store = new ParameterStore();
        var net = new Sequential(
            new Linear(store, "0", 2, 32, rng) { FusedRelu = true },
            new Linear(store, "1", 32, 32, rng), new Tanh(),
            new Linear(store, "2", 32, 1, rng));
        var adam = new Adam(store, 1e-2f);
        var tape = new Tape();
        float first = 0, last = 0;
        for (int step = 0; step < 400; step++)
        {
            tape.Reset();
            store.ZeroGrad();
            var loss = tape.MseLoss(net.Forward(tape, x), y);
            tape.Backward(loss);
            adam.Step();
            if (step == 0) first = loss.Item();
            last = loss.Item();
        }
        Assert.True(first > 0.1f, $"initial loss {first}");
        Assert.True(last < 0.01f, $"loss went from {first} to {last}");
    }

    [Fact]
    public void CnnTellsHorizontalFromVerticalBars()
    {
        var rng = new Random(2);
        const int n = 128, s = 8;
        var x = Tensor.Zeros(n, 1, s, s);
        var label = Tensor.Zeros(n, 1);
        for (int i = 0; i < n; i++)
        {
            bool horizontal = i % 2 == 0;
            int pos = rng.Next(s);
            for (int k = 0; k < s; k++)
            {
                int r = horizontal ? pos : k, c = horizontal ? k : pos;
                x.Data[i * s * s + r * s + c] = 1f;
            }
            for (int k = 0; k < s * s; k++) x.Data[i * s * s + k] += (float)(rng.NextDouble() * 0.3);
            label.Data[i] = horizontal ? 1 : 0;
        }
        var store = new ParameterStore();
        var net = new Sequential(
            new Conv2d(store, "conv", 1, 4, 3, rng, padding: 1) { FusedRelu = true },
            new MaxPool2d(2),
            new Flatten(),
            new Linear(store, "fc", 4 * 4 * 4, 1, rng));
        var adam = new Adam(store, 1e-2f);
        var tape = new Tape();
        float loss = 0;
        for (int step = 0; step < 150; step++)
        {
            tape.Reset();
            store.ZeroGrad();
            var l = tape.BinaryCrossEntropyWithLogits(net.Forward(tape, x), label);
            tape.Backward(l);
            adam.Step();
            loss = l.Item();
        }
        tape.Reset();
        net.Eval();
        tape.IsRecording = false;
        var logits = net.Forward(tape, x).Data;
        int correct = 0;
        for (int i = 0; i < n; i++) correct += (logits[i] > 0) == (label.Data[i] > 0.5f) ? 1 : 0;
        Assert.True(correct >= 0.95 * n, $"accuracy {correct}/{n}, final loss {loss}");
    }

    [Fact]
    public void LstmRemembersTheFirstSign()
    {
        // Label = sign of the first element of a noisy sequence: needs memory across 8 steps.
        var rng = new Random(3);
        const int n = 128, T = 8;
        var x = Tensor.Zeros(n, T, 1);
        var label = Tensor.Zeros(n, 1);
        for (int i = 0; i < n; i++)
        {
            for (int t = 0; t < T; t++) x.Data[i * T + t] = (float)(rng.NextDouble() * 2 - 1);
            label.Data[i] = x.Data[i * T] > 0 ? 1 : 0;
        }
        var store = new ParameterStore();
        var lstm = new Lstm(store, "lstm", 1, 16, rng);
        var head = new Linear(store, "head", 16, 1, rng);
        var adam = new Adam(store, 2e-2f);
        var tape = new Tape();
        float loss = 1;
        for (int step = 0; step < 200; step++)
        {
            tape.Reset();
            store.ZeroGrad();
            var l = tape.BinaryCrossEntropyWithLogits(head.Forward(tape, tape.Select(lstm.Forward(tape, x), 1, T - 1)), label);
            tape.Backward(l);
            adam.Step();
            loss = l.Item();
        }
        Assert.True(loss < 0.2f, $"final BCE {loss}");
    }

    [Fact]
    public void GruLearnsTheSequenceSum()
    {
        var rng = new Random(4);
        const int n = 128, T = 6;
        var x = Tensor.Zeros(n, T, 1);
        var y = Tensor.Zeros(n, 1);
        for (int i = 0; i < n; i++)
        for (int t = 0; t < T; t++)
        {
            float v = (float)(rng.NextDouble() - 0.5);
            x.Data[i * T + t] = v;
            y.Data[i] += v;
        }
        var store = new ParameterStore();
        var gru = new Gru(store, "gru", 1, 16, rng, numLayers: 2);
        var head = new Linear(store, "head", 16, 1, rng);
        var adam = new Adam(store, 1e-2f);
        var tape = new Tape();
        float first = 0, loss = 0;
        for (int step = 0; step < 200; step++)
        {
            tape.Reset();
            store.ZeroGrad();
            var l = tape.MseLoss(head.Forward(tape, tape.Select(gru.Forward(tape, x), 1, T - 1)), y);
            tape.Backward(l);
            adam.Step();
            if (step == 0) first = l.Item();
            loss = l.Item();
        }
        Assert.True(loss < 0.1f * first, $"MSE went from {first} to {loss}");
    }
}
