using EntropyScope.Estimators.Training;
using EntropyScope.Tensors;

namespace EntropyScope.Estimators.Neep;

/// <summary>
/// Input and output plumbing shared by the NEEP-family networks: builds the 2B-row batch [windows; reversed windows]
/// (time reversal x̃ = reversed state order, estimators.md §1), turns the 2B outputs into ΔS_θ = h(x) − h(x̃) and the
/// backward seed ±dL/dΔS. Buffers are kept per batch size (training uses one size; evaluation at most two).
/// </summary>
internal sealed class PairBatch(NeepArchitecture arch)
{
    private readonly Dictionary<int, Tensor> _inputs = [];
    private int[] _indices = [];
    private float[] _seed = [];
    private float[] _incrementScale = [];

    /// <summary>
    /// Continuous windows [B, n, d] → tensor [2B, n·d] (rows B.. hold the reversed windows); pairs as (midpoint,
    /// scaled increment) when the architecture asks for <see cref="NeepArchitecture.IncrementsInput"/>.
    /// </summary>
    public Tensor Coordinates(ReadOnlySpan<float> windows, int batch)
    {
        var t = Reversed(windows, batch, [2 * batch, arch.Window * arch.Dimension]);
        if (arch.PairInput == NeepArchitecture.IncrementsInput) ToIncrements(t.Data, 2 * batch);
        return t;
    }

    /// <summary>Each row [a; b] → [(a + b)/2; (b − a)/IncrementStd], in place.</summary>
    private void ToIncrements(Span<float> rows, int count)
    {
        int d = arch.Dimension;
        if (_incrementScale.Length != d) _incrementScale = arch.IncrementStd.Select(s => (float)(1 / s)).ToArray();
        for (int r = 0; r < count; r++)
        {
            var a = rows.Slice(r * 2 * d, d);
            var b = rows.Slice(r * 2 * d + d, d);
            for (int j = 0; j < d; j++)
            {
                float x = a[j], y = b[j];
                a[j] = 0.5f * (x + y);
                b[j] = (y - x) * _incrementScale[j];
            }
        }
    }

    /// <summary>Continuous windows [B, n, d] → tensor [2B, n, d].</summary>
    public Tensor Sequences(ReadOnlySpan<float> windows, int batch) => Reversed(windows, batch, [2 * batch, arch.Window, arch.Dimension]);

    private Tensor Reversed(ReadOnlySpan<float> windows, int batch, int[] shape)
    {
        if (!_inputs.TryGetValue(batch, out var t)) _inputs[batch] = t = Tensor.Zeros(shape);
        int n = arch.Window, d = arch.Dimension, per = n * d;
        var data = t.Data;
        windows[..(batch * per)].CopyTo(data);
        for (int b = 0; b < batch; b++)
            for (int i = 0; i < n; i++)
                windows.Slice(b * per + (n - 1 - i) * d, d).CopyTo(data.Slice((batch + b) * per + i * d, d));
        return t;
    }

    /// <summary>Discrete windows (states as floats) → indices [2B·n], checked against the embedding size.</summary>
    public ReadOnlySpan<int> Tokens(ReadOnlySpan<float> windows, int batch, int tokens)
    {
        int n = arch.Window, count = 2 * batch * n;
        if (_indices.Length < count) _indices = new int[count];
        for (int b = 0; b < batch; b++)
            for (int i = 0; i < n; i++)
            {
                float v = windows[b * n + i];
                int s = (int)v;
                if (s != v || s < 0 || s >= tokens)
                    throw new InputException($"discrete state {v} is outside the declared range 0..{tokens - 1} (--states {tokens})");
                _indices[b * n + i] = s;
                _indices[(batch + b) * n + (n - 1 - i)] = s;
            }
        return _indices.AsSpan(0, count);
    }

    /// <summary>ΔS_θ[b] = h(x_b) − h(x̃_b) from the 2B outputs.</summary>
    public static void Difference(ReadOnlySpan<float> h, int batch, Span<float> deltaS)
    {
        for (int b = 0; b < batch; b++) deltaS[b] = h[b] - h[batch + b];
    }

    /// <summary>dL/dh for the 2B outputs: +dL/dΔS for the forward rows, −dL/dΔS for the reversed rows.</summary>
    public ReadOnlySpan<float> Seed(ReadOnlySpan<float> deltaS, int batch)
    {
        if (_seed.Length < 2 * batch) _seed = new float[2 * batch];
        for (int b = 0; b < batch; b++)
        {
            float g = EntropyObjective.LossGradient(deltaS[b], batch);
            _seed[b] = g;
            _seed[batch + b] = -g;
        }
        return _seed.AsSpan(0, 2 * batch);
    }
}
