using System.Text.Json;
using EntropyScope.Tensors.Nn;

namespace EntropyScope.Tensors.Tests.Nn;

/// <summary>
/// Outputs and gradients equal PyTorch's on fixed small cases (Fixtures/torch_reference.json, made by
/// Fixtures/make_torch_reference.py with Debian's python3-torch): this pins the gate layouts and equations of
/// GRU and LSTM, initial states, stacking, and conv → ReLU → max-pool, not just self-consistency.
/// </summary>
public class TorchParityTests
{
    private static readonly JsonElement Cases = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "torch_reference.json"))).RootElement;

    private static Tensor Load(JsonElement e)
    {
        var shape = e.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        var data = e.GetProperty("data").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        return Tensor.FromArray(data, shape);
    }

    private static float[] Array(JsonElement e, string field) => e.GetProperty(field).EnumerateArray().Select(v => v.GetSingle()).ToArray();

    private static void CopyParameters(JsonElement c, ParameterStore store, string prefix)
    {
        foreach (var p in c.GetProperty("parameters").EnumerateObject())
        {
            var target = store[prefix + p.Name];
            Assert.Equal(p.Value.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()), target.Shape);
            Array(p.Value, "data").CopyTo(target.Value);
        }
    }

    private static void Close(float[] expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 2e-5 + 1e-4 * Math.Abs(expected[i]), $"{what}[{i}]: PyTorch {expected[i]} vs {actual[i]}");
    }

    private static void CheckGradients(JsonElement c, ParameterStore store, string prefix, Dictionary<string, Tensor> inputs)
    {
        foreach (var p in c.GetProperty("parameters").EnumerateObject()) Close(Array(p.Value, "grad"), store[prefix + p.Name].Grad, p.Name + ".grad");
        foreach (var (name, t) in inputs) Close(Array(c.GetProperty("inputs").GetProperty(name), "grad"), t.Grad, name + ".grad");
    }

    private static Dictionary<string, Tensor> Inputs(JsonElement c)
    {
        var d = new Dictionary<string, Tensor>();
        foreach (var i in c.GetProperty("inputs").EnumerateObject())
        {
            var t = Load(i.Value);
            t.RequiresGrad = true;
            d[i.Name] = t;
        }
        return d;
    }

    [Fact]
    public void TwoLayerGruWithInitialStateMatchesPyTorch()
    {
        var c = Cases.GetProperty("gru");
        var store = new ParameterStore();
        var gru = new Gru(store, "gru", 4, 6, new Random(0), numLayers: 2);
        CopyParameters(c, store, "gru.");
        var inputs = Inputs(c);
        var tape = new Tape();
        var y = gru.Forward(tape, inputs["x"], inputs["h0"]);
        Close(Array(c.GetProperty("output"), "data"), y.Data, "output");
        tape.Backward(y, Array(c.GetProperty("seed"), "data"));
        CheckGradients(c, store, "gru.", inputs);
    }

    [Fact]
    public void TwoLayerLstmWithInitialStatesMatchesPyTorch()
    {
        var c = Cases.GetProperty("lstm");
        var store = new ParameterStore();
        var lstm = new Lstm(store, "lstm", 4, 6, new Random(0), numLayers: 2);
        CopyParameters(c, store, "lstm.");
        var inputs = Inputs(c);
        var tape = new Tape();
        var y = lstm.Forward(tape, inputs["x"], inputs["h0"], inputs["c0"]).Output;
        Close(Array(c.GetProperty("output"), "data"), y.Data, "output");
        tape.Backward(y, Array(c.GetProperty("seed"), "data"));
        CheckGradients(c, store, "lstm.", inputs);
    }

    [Fact]
    public void StridedPaddedConvReluPoolMatchesPyTorch()
    {
        var c = Cases.GetProperty("conv_pool");
        var store = new ParameterStore();
        var conv = new Conv2d(store, "conv", 2, 3, 3, new Random(0), stride: 2, padding: 1) { FusedRelu = true };
        CopyParameters(c, store, "conv.");
        var inputs = Inputs(c);
        var tape = new Tape();
        var y = tape.MaxPool2d(conv.Forward(tape, inputs["x"]), 2);
        Close(Array(c.GetProperty("output"), "data"), y.Data, "output");
        tape.Backward(y, Array(c.GetProperty("seed"), "data"));
        CheckGradients(c, store, "conv.", inputs);
    }
}

public class AdamTorchParityTests
{
    [Fact]
    public void ThreeStepsWithWeightDecayMatchTorchOptimAdam()
    {
        var c = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "torch_reference.json"))).RootElement.GetProperty("adam");
        float[] Arr(JsonElement e) => e.EnumerateArray().Select(v => v.GetSingle()).ToArray();
        var store = new ParameterStore();
        var w = store.Add("w", 11);
        Arr(c.GetProperty("start")).CopyTo(w.Value);
        var adam = new EntropyScope.Tensors.Optim.Adam(store, 1e-2f, weightDecay: 0.1f);
        foreach (var g in c.GetProperty("grads").EnumerateArray())
        {
            Arr(g).CopyTo(w.Grad);
            adam.Step();
        }
        float[] after = Arr(c.GetProperty("after")), m = Arr(c.GetProperty("exp_avg")), v = Arr(c.GetProperty("exp_avg_sq"));
        for (int i = 0; i < 11; i++)
        {
            Assert.Equal(after[i], w.Value[i], 6);
            Assert.Equal(m[i], adam.FirstMoment[i], 6);
            Assert.Equal(v[i], adam.SecondMoment[i], 6);
        }
    }
}
