using System.Globalization;
using EntropyScope.Estimators.Training;
using EntropyScope.Tensors;
using EntropyScope.Tensors.Nn;

namespace EntropyScope.Estimators.Neep;

/// <summary>
/// NEEP (estimators.md §3): h(s_t, s_{t+1}) = MLP (n_layer × [Linear + ReLU] of width n_hidden, Linear → 1) on the
/// concatenated pair, ΔS_θ = h(s_t, s_{t+1}) − h(s_{t+1}, s_t) (Eq. 1). Discrete states are embedded (n_token → 128 per
/// state) and the two embeddings concatenated (embedding NEEP). Forward and swapped pairs run as one batch of 2B rows
/// on the engine's tape; buffers are allocated once per batch size, so steady-state steps allocate no tensor memory.
/// </summary>
public sealed class NeepNetwork : IEntropyNetwork
{
    private readonly NeepArchitecture _arch;
    private readonly Embedding? _embedding;
    private readonly Linear[] _hidden;
    private readonly Linear _out;
    private readonly Tape _tape = new();
    private readonly PairBatch _pairs;

    public NeepNetwork(NeepArchitecture arch, int maxBatch, int seed)
    {
        arch.Validate();
        _arch = arch;
        MaxBatch = maxBatch;
        var rng = new Random(seed);
        Parameters = new ParameterStore();
        int width = 2 * arch.Dimension;
        if (arch.Discrete)
        {
            _embedding = new Embedding(Parameters, "embedding", arch.Tokens, arch.Embedding, rng);
            width = 2 * arch.Embedding;
        }
        _hidden = new Linear[arch.Layers];
        for (int l = 0; l < arch.Layers; l++)
        {
            _hidden[l] = new Linear(Parameters, $"h.{l}", width, arch.Hidden, rng) { FusedRelu = true };
            width = arch.Hidden;
        }
        _out = new Linear(Parameters, "out", width, 1, rng);
        _pairs = new PairBatch(arch);
    }

    public string Kind => NeepArchitecture.Neep;
    public ParameterStore Parameters { get; }
    public int WindowLength => 2;
    public int ItemSize => _arch.Dimension;
    public int MaxBatch { get; }
    public NeepArchitecture Architecture => _arch;

    public void Forward(ReadOnlySpan<float> windows, int batch, Span<float> deltaS)
    {
        for (int start = 0; start < batch; start += MaxBatch)
        {
            int b = Math.Min(MaxBatch, batch - start);
            _tape.Reset();
            _tape.IsRecording = false;
            var y = Run(windows.Slice(start * 2 * ItemSize, b * 2 * ItemSize), b);
            PairBatch.Difference(y.Data, b, deltaS.Slice(start, b));
            _tape.IsRecording = true;
        }
    }

    public void AccumulateGradient(ReadOnlySpan<float> windows, int batch, Span<float> deltaS)
    {
        _tape.Reset();
        var y = Run(windows[..(batch * 2 * ItemSize)], batch);
        PairBatch.Difference(y.Data, batch, deltaS);
        _tape.Backward(y, _pairs.Seed(deltaS, batch));
    }

    /// <summary>h over the 2B rows [forward pairs; swapped pairs] → [2B, 1].</summary>
    private Tensor Run(ReadOnlySpan<float> windows, int batch)
    {
        Tensor x;
        if (_embedding != null)
        {
            var idx = _pairs.Tokens(windows, batch, _arch.Tokens);
            x = _tape.Reshape(_embedding.Forward(_tape, idx, [2 * batch, 2]), 2 * batch, 2 * _arch.Embedding);
        }
        else x = _pairs.Coordinates(windows, batch);
        foreach (var layer in _hidden) x = layer.Forward(_tape, x);
        return _out.Forward(_tape, x);
    }

    public IReadOnlyDictionary<string, string> Describe() => new Dictionary<string, string>
    {
        ["kind"] = Kind,
        ["dimension"] = _arch.Dimension.ToString(CultureInfo.InvariantCulture),
        ["tokens"] = _arch.Tokens.ToString(CultureInfo.InvariantCulture),
        ["hidden"] = _arch.Hidden.ToString(CultureInfo.InvariantCulture),
        ["layers"] = _arch.Layers.ToString(CultureInfo.InvariantCulture),
    };
}
