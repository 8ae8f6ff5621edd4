using EntropyScope.Estimators.Cneep;

namespace EntropyScope.Tests.Estimators.Cneep;

/// <summary>Widening a trained network (`train --init-from` a narrower run, or one with a smaller last-block first kernel) keeps ΔS_θ and the maps, and lets the new channels learn.</summary>
public class CneepWideningTests
{
    private static float[] RandomWindows(int count, int seed)
    {
        var rng = new Random(seed);
        var x = new float[count];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        return x;
    }

    [Theory]
    [InlineData(2, 20, 40, 3, 8, 2)]
    [InlineData(4, 16, 24, 2, 5, 2)]
    [InlineData(3, 16, 16, 2, 4, 3)]
    [InlineData(2, 20, 40, 3, 3, 2, 5)]   // the last block's first kernel 3 → 5 (--last-block-first-kernel)
    [InlineData(4, 16, 24, 2, 5, 2, 7)]   // channels and kernel at once
    [InlineData(3, 16, 16, 2, 2, 3, 5)]
    public void The_wide_network_computes_what_the_narrow_one_did(int n, int h, int w, int narrowC, int wideC, int depth, int wideKernel = 3)
    {
        const int batch = 11;
        var narrow = new CneepNetwork(new CneepArchitecture(n, h, w, narrowC, depth), batch, seed: 4, threads: 1);
        var wide = new CneepNetwork(new CneepArchitecture(n, h, w, wideC, depth, LastBlockFirstKernel: wideKernel), batch, seed: 9, threads: 2, chunk: 4);
        CneepWidening.Widen(narrow.Parameters, wide.Parameters);
        var x = RandomWindows(batch * n * h * w, 1);

        var (mh, mw) = narrow.MapShape;
        Assert.Equal((mh, mw), wide.MapShape);
        float[] dsNarrow = new float[batch], dsWide = new float[batch];
        float[] mapsNarrow = new float[batch * mh * mw], mapsWide = new float[batch * mh * mw];
        narrow.ForwardWithMaps(x, batch, dsNarrow, mapsNarrow);
        wide.ForwardWithMaps(x, batch, dsWide, mapsWide);
        for (int b = 0; b < batch; b++)
        {
            Assert.True(Math.Abs(dsNarrow[b]) > 1e-4, "trivial output");
            Assert.True(Math.Abs(dsWide[b] - dsNarrow[b]) <= 1e-5f * (1 + Math.Abs(dsNarrow[b])), $"window {b}: {dsWide[b]} vs {dsNarrow[b]}");
        }
        for (int i = 0; i < mapsNarrow.Length; i++)
            Assert.True(Math.Abs(mapsWide[i] - mapsNarrow[i]) <= 1e-5f * (1 + Math.Abs(mapsNarrow[i])), $"map entry {i}: {mapsWide[i]} vs {mapsNarrow[i]}");
    }

    [Fact]
    public void The_new_channels_receive_gradient_through_their_silent_outgoing_weights()
    {
        const int batch = 16, n = 2, h = 20, w = 40;
        var narrow = new CneepNetwork(new CneepArchitecture(n, h, w, 3), batch, seed: 4, threads: 1);
        var wide = new CneepNetwork(new CneepArchitecture(n, h, w, 6), batch, seed: 9, threads: 1);
        CneepWidening.Widen(narrow.Parameters, wide.Parameters);

        var fc = wide.Parameters["fc.weight"];
        var conv3 = wide.Parameters["conv3.weight"];   // (12, 6, 3, 3): old outputs 0..5 read new inputs 3..5 with zeros
        Assert.All(fc.Value[narrow.Parameters["fc.weight"].Length..].ToArray(), v => Assert.Equal(0f, v));
        Assert.Equal(0f, conv3.Value[(0 * 6 + 3) * 9]);

        wide.Parameters.ZeroGrad();
        wide.AccumulateGradient(RandomWindows(batch * n * h * w, 2), batch, new float[batch]);
        float newFc = MaxAbs(fc.Grad[narrow.Parameters["fc.weight"].Length..]);
        float oldToNew = MaxAbs(conv3.Grad.Slice((0 * 6 + 3) * 9, 3 * 9));
        Assert.True(newFc > 1e-6f, $"no gradient on the new channels' linear weights ({newFc})");
        Assert.True(oldToNew > 1e-6f, $"no gradient on the weights from new conv2 channels into old conv3 channels ({oldToNew})");
    }

    [Fact]
    public void A_network_cannot_be_narrowed()
    {
        var wide = new CneepNetwork(new CneepArchitecture(2, 20, 40, 6), 1, seed: 1, threads: 1);
        var narrow = new CneepNetwork(new CneepArchitecture(2, 20, 40, 3), 1, seed: 1, threads: 1);
        Assert.ThrowsAny<ArgumentException>(() => CneepWidening.Widen(wide.Parameters, narrow.Parameters));
        var wideKernel = new CneepNetwork(new CneepArchitecture(2, 20, 40, 3, LastBlockFirstKernel: 5), 1, seed: 1, threads: 1);
        Assert.ThrowsAny<ArgumentException>(() => CneepWidening.Widen(wideKernel.Parameters, narrow.Parameters));
    }

    private static float MaxAbs(ReadOnlySpan<float> v)
    {
        float m = 0;
        foreach (float x in v) m = Math.Max(m, Math.Abs(x));
        return m;
    }
}
