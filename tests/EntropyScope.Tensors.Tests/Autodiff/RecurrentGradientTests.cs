using static EntropyScope.Tensors.Tests.Autodiff.GradientCheck;

namespace EntropyScope.Tensors.Tests.Autodiff;

/// <summary>GRU and LSTM backward passes against finite differences, including initial states and stacked layers.</summary>
public class RecurrentGradientTests
{
    // H = 9 exercises both the 8-wide vector path and the scalar tail of the gate math.
    private const int B = 3, T = 4, I = 5, H = 9;

    [Fact]
    public void GruWithBiasesAndInitialState()
    {
        var x = Random(1, 1, B, T, I); var wIh = Random(2, 0.5f, 3 * H, I); var wHh = Random(3, 0.5f, 3 * H, H);
        var bIh = Random(4, 0.5f, 3 * H); var bHh = Random(5, 0.5f, 3 * H); var h0 = Random(6, 0.8f, B, H);
        Run(t => t.Gru(x, wIh, wHh, bIh, bHh, h0), x, wIh, wHh, bIh, bHh, h0);
    }

    [Fact]
    public void GruZeroStateLastStepThroughLinear()
    {
        var x = Random(1, 1, B, T, I); var wIh = Random(2, 0.5f, 3 * H, I); var wHh = Random(3, 0.5f, 3 * H, H);
        var w = Random(7, 1, 2, H);
        Run(t => t.Linear(t.Select(t.Gru(x, wIh, wHh, null, null), 1, T - 1), w), x, wIh, wHh, w);
    }

    [Fact]
    public void EmbeddingGruTimeMeanLikeRneep()
    {
        // Embedding → GRU → mean over time → Linear, forward minus time-reversed (the RNEEP antisymmetrisation).
        var emb = Random(1, 1, 3, 8); var wIh = Random(2, 0.5f, 24, 8); var wHh = Random(3, 0.5f, 24, 8);
        var bIh = Random(4, 0.5f, 24); var bHh = Random(5, 0.5f, 24); var w = Random(6, 1, 1, 8);
        int[] states = [0, 1, 2, 2, 1, 0, 1, 1, 2, 0];
        int[] reversed = [2, 2, 1, 0, 0, 1, 0, 2, 1, 1];
        Run(t =>
        {
            Tensor H(int[] s) => t.Linear(t.Mean(t.Gru(t.Embedding(emb, s, [2, 5]), wIh, wHh, bIh, bHh), 1), w);
            return t.Sub(H(states), H(reversed));
        }, emb, wIh, wHh, bIh, bHh, w);
    }

    [Fact]
    public void SingleStepGruAndLstmWithInitialStates()
    {
        var x = Random(1, 1, B, 1, I); var h0 = Random(6, 0.8f, B, H); var c0 = Random(7, 0.8f, B, H);
        var gIh = Random(2, 0.5f, 3 * H, I); var gHh = Random(3, 0.5f, 3 * H, H); var gb = Random(4, 0.5f, 3 * H);
        Run(t => t.Gru(x, gIh, gHh, null, gb, h0), x, gIh, gHh, gb, h0);
        var lIh = Random(2, 0.5f, 4 * H, I); var lHh = Random(3, 0.5f, 4 * H, H); var lb = Random(4, 0.5f, 4 * H);
        Run(t => t.Lstm(x, lIh, lHh, lb, lb, h0, c0).Output, x, lIh, lHh, lb, h0, c0);
    }

    [Fact]
    public void LstmWithBiasesAndInitialStates()
    {
        var x = Random(1, 1, B, T, I); var wIh = Random(2, 0.5f, 4 * H, I); var wHh = Random(3, 0.5f, 4 * H, H);
        var bIh = Random(4, 0.5f, 4 * H); var bHh = Random(5, 0.5f, 4 * H);
        var h0 = Random(6, 0.8f, B, H); var c0 = Random(7, 0.8f, B, H);
        Run(t => t.Lstm(x, wIh, wHh, bIh, bHh, h0, c0).Output, x, wIh, wHh, bIh, bHh, h0, c0);
    }

    [Fact]
    public void TwoLayerLstmLastHidden()
    {
        var x = Random(1, 1, B, T, I);
        var w1 = Random(2, 0.5f, 4 * H, I); var u1 = Random(3, 0.5f, 4 * H, H); var b1 = Random(4, 0.5f, 4 * H);
        var w2 = Random(5, 0.5f, 4 * H, H); var u2 = Random(6, 0.5f, 4 * H, H); var b2 = Random(7, 0.5f, 4 * H);
        Run(t =>
        {
            var h1 = t.Lstm(x, w1, u1, b1, null).Output;
            return t.Select(t.Lstm(h1, w2, u2, null, b2).Output, 1, T - 1);
        }, x, w1, u1, b1, w2, u2, b2);
    }
}
