using static EntropyScope.Tensors.Tests.Autodiff.GradientCheck;

namespace EntropyScope.Tensors.Tests.Autodiff;

/// <summary>One line per op: the backward pass equals central finite differences (see <see cref="GradientCheck"/>).</summary>
public class OpGradientTests
{
    [Fact] public void MatMul() { var a = Random(1, 1, 3, 5); var b = Random(2, 1, 5, 4); Run(t => t.MatMul(a, b), a, b); }
    [Fact] public void Linear() { var x = Random(1, 1, 6, 5); var w = Random(2, 1, 3, 5); var b = Random(3, 1, 3); Run(t => t.Linear(x, w, b), x, w, b); }
    [Fact] public void LinearWithoutBiasOnRank3Input() { var x = Random(1, 1, 2, 3, 5); var w = Random(2, 1, 4, 5); Run(t => t.Linear(x, w), x, w); }

    [Fact]
    public void LinearWithFusedRelu()
    {
        // Pre-activations must stay away from the kink: use a single-input layer with known-sign weights.
        var x = AwayFromZero(1, 7, 1); var w = AwayFromZero(2, 4, 1); var b = Tensor.Zeros(4);
        Run(t => t.Linear(x, w, b, relu: true), 1e-3f, x, w);
    }

    [Fact] public void Relu() { var x = AwayFromZero(1, 4, 6); Run(t => t.Relu(x), x); }
    [Fact] public void Sigmoid() { var x = Random(1, 3, 4, 6); Run(t => t.Sigmoid(x), x); }
    [Fact] public void Tanh() { var x = Random(1, 2, 4, 6); Run(t => t.Tanh(x), x); }
    [Fact] public void Exp() { var x = Random(1, 1.5f, 4, 6); Run(t => t.Exp(x), x); }
    [Fact] public void Log() { var x = Random(1, 1, 4, 6); var d = x.Data; for (int i = 0; i < d.Length; i++) d[i] = 1.2f + d[i]; Run(t => t.Log(x), x); }

    [Fact] public void Add() { var a = Random(1, 1, 3, 4); var b = Random(2, 1, 3, 4); Run(t => t.Add(a, b), a, b); }
    [Fact] public void Sub() { var a = Random(1, 1, 3, 4); var b = Random(2, 1, 3, 4); Run(t => t.Sub(a, b), a, b); }
    [Fact] public void Mul() { var a = Random(1, 1, 3, 4); var b = Random(2, 1, 3, 4); Run(t => t.Mul(a, b), a, b); }
    [Fact] public void Div() { var a = Random(1, 1, 3, 4); var b = AwayFromZero(2, 3, 4); Run(t => t.Div(a, b), a, b); }

    [Fact]
    public void ScalarOps()
    {
        var x = AwayFromZero(1, 3, 5);
        Run(t => t.Div(2f, t.Neg(t.Sub(1.5f, t.Div(t.Mul(t.Sub(t.Add(x, 0.5f), 0.25f), 3f), 2f)))), 1e-3f, x);
    }

    [Fact] public void AddBiasLastAxis() { var x = Random(1, 1, 4, 3); var b = Random(2, 1, 3); Run(t => t.AddBias(x, b), x, b); }
    [Fact] public void AddBiasChannelAxis() { var x = Random(1, 1, 2, 3, 4); var b = Random(2, 1, 3); Run(t => t.AddBias(x, b, axis: 1), x, b); }
    [Fact] public void SubBias() { var x = Random(1, 1, 2, 3, 4); var b = Random(2, 1, 3); Run(t => t.SubBias(x, b, 1), x, b); }
    [Fact] public void MulBiasLastAxis() { var x = Random(1, 1, 4, 3); var b = Random(2, 1, 3); Run(t => t.MulBias(x, b), x, b); }
    [Fact] public void MulBiasChannelAxis() { var x = Random(1, 1, 2, 3, 4); var b = Random(2, 1, 3); Run(t => t.MulBias(x, b, 1), x, b); }
    [Fact] public void DivBias() { var x = Random(1, 1, 2, 3, 4); var b = AwayFromZero(2, 3); Run(t => t.DivBias(x, b, 1), x, b); }

    [Fact] public void SumAll() { var x = Random(1, 1, 3, 4); Run(t => t.Sum(x), x); }
    [Fact] public void MeanAll() { var x = Random(1, 1, 3, 4); Run(t => t.Mean(x), x); }
    [Fact] public void SumAxis() { var x = Random(1, 1, 2, 3, 4); Run(t => t.Sum(x, 1), x); }
    [Fact] public void MeanAxis() { var x = Random(1, 1, 2, 3, 4); Run(t => t.Mean(x, -1), x); }

    [Fact] public void Reshape() { var x = Random(1, 1, 2, 3, 4); Run(t => t.Sigmoid(t.Reshape(x, 4, -1)), x); }
    [Fact] public void Flatten() { var x = Random(1, 1, 2, 3, 4); Run(t => t.Tanh(t.Flatten(x)), x); }
    [Fact] public void Slice() { var x = Random(1, 1, 2, 5, 3); Run(t => t.Slice(x, 1, 1, 3), x); }
    [Fact] public void Select() { var x = Random(1, 1, 2, 5, 3); Run(t => t.Select(x, 1, 4), x); }
    [Fact] public void Concat() { var a = Random(1, 1, 2, 2, 3); var b = Random(2, 1, 2, 4, 3); Run(t => t.Concat(1, a, b, a), a, b); }
    [Fact] public void Flip() { var x = Random(1, 1, 2, 5, 3); Run(t => t.Mul(t.Flip(x, 1), x), x); }

    [Fact]
    public void EmbeddingWithRepeatedIndices()
    {
        var w = Random(1, 1, 5, 3);
        int[] idx = [0, 4, 4, 2, 0, 0];
        Run(t => t.Tanh(t.Embedding(w, idx, [2, 3])), w);
    }

    [Fact]
    public void Conv2dStridedPadded()
    {
        var x = Random(1, 1, 2, 3, 7, 6); var w = Random(2, 0.5f, 4, 3, 3, 3); var b = Random(3, 1, 4);
        Run(t => t.Conv2d(x, w, b, stride: 2, padding: 1), x, w, b);
    }

    [Fact]
    public void Conv2dKernel1NoBias() { var x = Random(1, 1, 2, 3, 4, 4); var w = Random(2, 1, 2, 3, 1, 1); Run(t => t.Conv2d(x, w, null), x, w); }

    [Fact]
    public void Conv2dFusedRelu()
    {
        // A 1×1 kernel on one channel keeps every pre-activation away from 0.
        var x = AwayFromZero(1, 2, 1, 3, 3); var w = AwayFromZero(2, 2, 1, 1, 1); var b = Tensor.Zeros(2);
        Run(t => t.Conv2d(x, w, b, relu: true), 1e-3f, x, w);
    }

    [Fact]
    public void MaxPool2d()
    {
        // Distinct values spaced ≥ 0.05 apart: a ±1e-2 probe never changes the winner.
        var x = Tensor.Zeros(2, 2, 5, 5);
        var d = x.Data;
        var order = Enumerable.Range(0, d.Length).OrderBy(i => (i * 7919) % 101).ToArray();
        for (int i = 0; i < d.Length; i++) d[order[i]] = i * 0.05f;
        Run(t => t.MaxPool2d(x, 2), x);
        Run(t => t.MaxPool2d(x, 3, stride: 1), x);
    }

    [Fact]
    public void BinaryCrossEntropyWithLogits()
    {
        var z = Random(1, 3, 10); var y = Tensor.Zeros(10);
        for (int i = 0; i < 10; i++) y.Data[i] = i % 3 == 0 ? 1 : i % 3 == 1 ? 0 : 0.3f;
        Run(t => t.BinaryCrossEntropyWithLogits(z, y), z);
    }

    [Fact] public void MseLoss() { var a = Random(1, 1, 3, 4); var b = Random(2, 1, 3, 4); Run(t => t.MseLoss(a, b), a, b); }
}
