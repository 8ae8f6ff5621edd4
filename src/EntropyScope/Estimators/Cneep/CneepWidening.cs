using EntropyScope.Tensors.Nn;

namespace EntropyScope.Estimators.Cneep;

/// <summary>
/// Widens a trained CNEEP network to more channels without changing what it computes (`train --init-from` a run of
/// smaller C): the old channels keep their weights, the new ones keep their fresh initialisation on the way in and
/// start silent on the way out — zero weights from a new channel into an old one and into the linear layer. So
/// ΔS_θ, and every dissipation map, of the wide network equals the narrow one's at the start, while the new channels
/// still receive gradient (through their zero outgoing weights) and can take up what the narrow network could not
/// fit. This is the function-preserving widening of Net2Net (Chen, Goodfellow, Shlens 2016) with zero outgoing
/// weights in place of duplicated channels, which would need noise to break their symmetry. A larger kernel is
/// widened the same way, in space: the old taps at its centre, zeros around them.
/// </summary>
public static class CneepWidening
{
    /// <summary>Copies <paramref name="narrow"/> into the freshly initialised <paramref name="wide"/>, as above.</summary>
    public static void Widen(ParameterStore narrow, ParameterStore wide)
    {
        foreach (var w in wide.Parameters)
        {
            var n = narrow[w.Name];
            if (w.Shape.Length == 4) WidenConvolution(n, w);
            else if (w.Name == "fc.weight")
            {
                // flattened in (channel, row, column) order: the old channels are the leading block
                n.Value.CopyTo(w.Value);
                w.Value[n.Length..].Clear();
            }
            else n.Value.CopyTo(w.Value);   // biases: the old channels' values; the new ones keep their initialisation
        }
    }

    /// <summary>
    /// (out, in, k, k): old outputs read old inputs as before and new inputs with zero weights. A larger kernel (a
    /// `--last-block-first-kernel` source of 3 into 5) takes the old one at its centre with a zero outer ring, which
    /// with "same" padding (k/2) reads the same pixels with the same weights.
    /// </summary>
    private static void WidenConvolution(Parameter narrow, Parameter wide)
    {
        int oldOut = narrow.Shape[0], oldIn = narrow.Shape[1], newIn = wide.Shape[1];
        int k = narrow.Shape[2], K = wide.Shape[2];
        if (narrow.Shape[3] != k || wide.Shape[3] != K || K < k || (K - k) % 2 != 0 || oldOut > wide.Shape[0] || oldIn > newIn)
            throw new ArgumentException($"cannot widen {narrow} to {wide}");
        int border = (K - k) / 2;
        var from = narrow.Value;
        var to = wide.Value;
        for (int o = 0; o < oldOut; o++)
        {
            to.Slice(o * newIn * K * K, newIn * K * K).Clear();
            for (int i = 0; i < oldIn; i++)
            for (int ky = 0; ky < k; ky++)
                from.Slice(((o * oldIn + i) * k + ky) * k, k).CopyTo(to.Slice(((o * newIn + i) * K + ky + border) * K + border));
        }
    }
}
