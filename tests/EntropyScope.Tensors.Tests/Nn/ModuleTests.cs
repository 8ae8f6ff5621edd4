using EntropyScope.Tensors.Init;
using EntropyScope.Tensors.Nn;

namespace EntropyScope.Tensors.Tests.Nn;

public class ModuleTests
{
    [Fact]
    public void ParametersAreNamedLikePyTorch()
    {
        var store = new ParameterStore();
        var rng = new Random(1);
        var gru = new Gru(store, "rnn", 3, 4, rng, numLayers: 2);
        var lstm = new Lstm(store, "lstm", 4, 5, rng);
        var fc = new Linear(store, "head", 5, 1, rng);
        Assert.Equal(
            ["rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0", "rnn.weight_ih_l1", "rnn.weight_hh_l1", "rnn.bias_ih_l1", "rnn.bias_hh_l1",
             "lstm.weight_ih_l0", "lstm.weight_hh_l0", "lstm.bias_ih_l0", "lstm.bias_hh_l0", "head.weight", "head.bias"],
            store.Parameters.Select(p => p.Name));
        Assert.Equal([12, 3], store["rnn.weight_ih_l0"].Shape);
        Assert.Equal([12, 4], store["rnn.weight_ih_l1"].Shape);
        Assert.Equal([20, 5], store["lstm.weight_hh_l0"].Shape);
        Assert.Equal(8, gru.Parameters.Count);
        Assert.All(gru.Parameters.SelectMany(p => p.Value.ToArray()), v => Assert.InRange(v, -0.5f, 0.5f));
        fc.Eval();
        Assert.False(fc.Training);
        fc.Train();
        Assert.True(fc.Training);
        store.Grads.AsSpan().Fill(1f);
        fc.ZeroGrad();
        Assert.All(fc.Weight.Grad.ToArray(), g => Assert.Equal(0f, g));
        Assert.Equal(1f, store["lstm.bias_hh_l0"].Grad[0]);
    }

    [Fact]
    public void SameSeedSameNetwork()
    {
        static float[] Build(int seed)
        {
            var s = new ParameterStore();
            _ = new Sequential(new Linear(s, "a", 7, 9, new Random(seed)), new Conv2d(s, "b", 2, 3, 3, new Random(seed + 1)));
            return s.Values;
        }
        Assert.Equal(Build(4), Build(4));
        Assert.NotEqual(Build(4), Build(5));
    }

    [Fact]
    public void InitialisersHaveTheirDocumentedSpread()
    {
        var rng = new Random(7);
        var w = new float[200_000];
        Initializers.KaimingNormalFanOut(w, 50, rng);
        Assert.Equal(Math.Sqrt(2.0 / 50), Std(w), 2);
        Initializers.XavierUniform(w, 30, 70, rng);
        double bound = Math.Sqrt(6.0 / 100);
        Assert.All(w, v => Assert.InRange(v, -bound, bound));
        Assert.Equal(bound / Math.Sqrt(3), Std(w), 2);
        Initializers.PyTorchDefaultWeight(w, 64, rng);
        Assert.Equal(1.0 / 8 / Math.Sqrt(3), Std(w), 3);
    }

    private static double Std(float[] w)
    {
        double m = w.Average(v => (double)v);
        return Math.Sqrt(w.Average(v => (v - m) * (v - m)));
    }
}

public class GruTokenTests
{
    [Fact]
    public void ForwardTokensEqualsEmbeddingThenGruWithSameGradients()
    {
        int[] idx = [0, 2, 1, 1, 0, 2, 2, 0];
        float[] Run(bool fused, out float[] grads)
        {
            var store = new ParameterStore();
            var rng = new Random(3);
            var emb = new Embedding(store, "emb", 3, 6, rng);
            var gru = new Gru(store, "gru", 6, 5, rng, numLayers: 2);
            var tape = new Tape();
            var y = fused ? gru.ForwardTokens(tape, emb, idx, [2, 4]) : gru.Forward(tape, emb.Forward(tape, idx, [2, 4]));
            tape.Backward(tape.Sum(tape.Mul(y, y)));
            grads = store.Grads.ToArray();
            return y.ToArray();
        }
        var a = Run(false, out var ga);
        var b = Run(true, out var gb);
        for (int i = 0; i < a.Length; i++) Assert.Equal(a[i], b[i], 5);
        for (int i = 0; i < ga.Length; i++) Assert.Equal(ga[i], gb[i], 4);
    }
}
