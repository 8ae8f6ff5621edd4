using System.Globalization;
using EntropyScope.Estimators.Neep;
using EntropyScope.Estimators.Training;
using EntropyScope.Tensors;
using EntropyScope.Tensors.Nn;

namespace EntropyScope.Estimators.Rneep;

/// <summary>
/// RNEEP (estimators.md §3): a GRU (zero initial state) over a window of k states, h(x) = Linear(H → 1) of the
/// time-mean of the GRU outputs, ΔS_θ = h(x) − h(x̃) with x̃ the reversed window. Discrete states: embedding
/// n_token → H (the GRU's input projection is applied to the embedding table, Gru.ForwardTokens); continuous states:
/// Linear(d → H) [assumed, estimators.md §3]. Forward and reversed windows run as one batch of 2B sequences.
/// </summary>
public sealed class RneepNetwork : IEntropyNetwork
{
    private readonly NeepArchitecture _arch;
    private readonly Embedding? _embedding;
    private readonly Linear? _input;
    private readonly Gru _gru;
    private readonly Linear _out;
    private readonly Tape _tape = new();
    private readonly PairBatch _pairs;

    public RneepNetwork(NeepArchitecture arch, int maxBatch, int seed)
    {
        arch.Validate();
        _arch = arch;
        MaxBatch = maxBatch;
        var rng = new Random(seed);
        Parameters = new ParameterStore();
        int h = arch.Hidden;
        if (arch.Discrete) _embedding = new Embedding(Parameters, "embedding", arch.Tokens, h, rng);
        else _input = new Linear(Parameters, "input", arch.Dimension, h, rng);
        _gru = new Gru(Parameters, "gru", h, h, rng, arch.Layers);
        _out = new Linear(Parameters, "out", h, 1, rng);
        _pairs = new PairBatch(arch);
    }

    public string Kind => NeepArchitecture.Rneep;
    public ParameterStore Parameters { get; }
    public int WindowLength => _arch.Window;
    public int ItemSize => _arch.Dimension;
    public int MaxBatch { get; }
    public NeepArchitecture Architecture => _arch;

    public void Forward(ReadOnlySpan<float> windows, int batch, Span<float> deltaS)
    {
        int per = WindowLength * ItemSize;
        for (int start = 0; start < batch; start += MaxBatch)
        {
            int b = Math.Min(MaxBatch, batch - start);
            _tape.Reset();
            _tape.IsRecording = false;
            var y = Run(windows.Slice(start * per, b * per), b);
            PairBatch.Difference(y.Data, b, deltaS.Slice(start, b));
            _tape.IsRecording = true;
        }
    }

    public void AccumulateGradient(ReadOnlySpan<float> windows, int batch, Span<float> deltaS)
    {
        _tape.Reset();
        var y = Run(windows[..(batch * WindowLength * ItemSize)], batch);
        PairBatch.Difference(y.Data, batch, deltaS);
        _tape.Backward(y, _pairs.Seed(deltaS, batch));
    }

    /// <summary>h over the 2B sequences [windows; reversed windows] → [2B, 1].</summary>
    private Tensor Run(ReadOnlySpan<float> windows, int batch)
    {
        int k = WindowLength;
        Tensor states = _embedding != null
            ? _gru.ForwardTokens(_tape, _embedding, _pairs.Tokens(windows, batch, _arch.Tokens), [2 * batch, k])
            : _gru.Forward(_tape, _input!.Forward(_tape, _pairs.Sequences(windows, batch)), null);
        return _out.Forward(_tape, _tape.Mean(states, 1));   // time-mean of the GRU outputs, then Linear(H → 1)
    }

    public IReadOnlyDictionary<string, string> Describe() => new Dictionary<string, string>
    {
        ["kind"] = Kind,
        ["dimension"] = _arch.Dimension.ToString(CultureInfo.InvariantCulture),
        ["tokens"] = _arch.Tokens.ToString(CultureInfo.InvariantCulture),
        ["hidden"] = _arch.Hidden.ToString(CultureInfo.InvariantCulture),
        ["layers"] = _arch.Layers.ToString(CultureInfo.InvariantCulture),
        ["window"] = WindowLength.ToString(CultureInfo.InvariantCulture),
    };
}
