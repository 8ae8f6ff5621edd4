using EntropyScope.Tensors.Nn;

namespace EntropyScope.Estimators.Cneep;

/// <summary>
/// Widens a trained CNEEP network to more channels without changing what it computes (`train --init-from` a run of
/// smaller C): the old channels keep their weights, the new ones keep their fresh initialisation on the way in and
/// start silent on the way out — zero weights from a new channel into an old one and into the linear layer. So
/// ΔS_θ, and every dissipation map, of the wide network equals the narrow one's at the start, while the new channels
/// still receive gradient (through their zero outgoing weights) and can take up what the narrow network could not
/// fit. This is the function-preserving widening of Net2Net (Chen, Goodfellow, Shlens 2016) with zero outgoing
/// weights in place of duplicated channels, which would need noise to break their symmetry.
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

    /// <summary>(out, in, kh, kw): old outputs read old inputs as before and new inputs with zero weights.</summary>
    private static void WidenConvolution(Parameter narrow, Parameter wide)
    {
        int oldOut = narrow.Shape[0], oldIn = narrow.Shape[1], newIn = wide.Shape[1];
        int kernel = wide.Shape[2] * wide.Shape[3];
        if (narrow.Shape[2] * narrow.Shape[3] != kernel || oldOut > wide.Shape[0] || oldIn > newIn)
            throw new ArgumentException($"cannot widen {narrow} to {wide}");
        var from = narrow.Value;
        var to = wide.Value;
        for (int o = 0; o < oldOut; o++)
        {
            from.Slice(o * oldIn * kernel, oldIn * kernel).CopyTo(to.Slice(o * newIn * kernel));
            to.Slice((o * newIn + oldIn) * kernel, (newIn - oldIn) * kernel).Clear();
        }
    }
}
