using EntropyScope.Tensors.Init;

namespace EntropyScope.Tensors.Nn;

/// <summary>Parameters of one stacked recurrent layer, named as PyTorch does (weight_ih_l0, ...).</summary>
public sealed record RecurrentLayerParameters(Parameter WeightIh, Parameter WeightHh, Parameter? BiasIh, Parameter? BiasHh);

/// <summary>Shared shape of <see cref="Gru"/> and <see cref="Lstm"/>: stacked layers, batch-first, U(±1/√H) initialisation.</summary>
public abstract class RecurrentModule : Layer
{
    private readonly RecurrentLayerParameters[] _layers;

    protected RecurrentModule(ParameterStore store, string name, int gates, int inputSize, int hiddenSize, int numLayers, Random rng, bool bias)
        : base(store, name)
    {
        if (numLayers < 1) throw new ArgumentOutOfRangeException(nameof(numLayers), numLayers, "at least one layer");
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        _layers = new RecurrentLayerParameters[numLayers];
        for (int l = 0; l < numLayers; l++)
        {
            int inSize = l == 0 ? inputSize : hiddenSize;
            var wIh = AddParameter($"weight_ih_l{l}", gates * hiddenSize, inSize);
            var wHh = AddParameter($"weight_hh_l{l}", gates * hiddenSize, hiddenSize);
            var bIh = bias ? AddParameter($"bias_ih_l{l}", gates * hiddenSize) : null;
            var bHh = bias ? AddParameter($"bias_hh_l{l}", gates * hiddenSize) : null;
            // PyTorch draws every recurrent parameter from U(±1/√H), in registration order.
            Initializers.PyTorchDefaultRecurrent(wIh.Value, hiddenSize, rng);
            Initializers.PyTorchDefaultRecurrent(wHh.Value, hiddenSize, rng);
            if (bIh != null) Initializers.PyTorchDefaultRecurrent(bIh.Value, hiddenSize, rng);
            if (bHh != null) Initializers.PyTorchDefaultRecurrent(bHh.Value, hiddenSize, rng);
            _layers[l] = new RecurrentLayerParameters(wIh, wHh, bIh, bHh);
        }
    }

    public int InputSize { get; }
    public int HiddenSize { get; }
    public int NumLayers => _layers.Length;
    public IReadOnlyList<RecurrentLayerParameters> LayerParameters => _layers;
}

/// <summary>torch.nn.GRU(batch_first=True): x [B, T, I] → hidden states of the last layer [B, T, H].</summary>
public sealed class Gru(ParameterStore store, string name, int inputSize, int hiddenSize, Random rng, int numLayers = 1, bool bias = true)
    : RecurrentModule(store, name, 3, inputSize, hiddenSize, numLayers, rng, bias)
{
    public override Tensor Forward(Tape tape, Tensor input) => Forward(tape, input, null);

    /// <summary>With initial states h0 [numLayers, B, H] (null: zeros).</summary>
    public Tensor Forward(Tape tape, Tensor input, Tensor? h0)
    {
        var x = input;
        for (int l = 0; l < NumLayers; l++)
        {
            var p = LayerParameters[l];
            x = tape.Gru(x, p.WeightIh.Tensor, p.WeightHh.Tensor, p.BiasIh?.Tensor, p.BiasHh?.Tensor, h0 == null ? null : tape.Select(h0, 0, l));
        }
        return x;
    }

    /// <summary>
    /// Same result as <c>Forward(tape, embedding.Forward(tape, indices, indexShape), h0)</c>, but the first layer's
    /// input projection is applied to the embedding table ([V, I] → [V, 3H]) and then looked up, instead of projecting
    /// every [B·T] embedded token: for few tokens (RNEEP's states) this removes the largest GEMM and its two backward
    /// GEMMs. Gradients reach the embedding, weight_ih_l0 and bias_ih_l0 exactly as in the unfused form.
    /// </summary>
    public Tensor ForwardTokens(Tape tape, Embedding embedding, ReadOnlySpan<int> indices, ReadOnlySpan<int> indexShape, Tensor? h0 = null)
    {
        if (embedding.Dim != InputSize) throw new ArgumentException($"Gru.ForwardTokens: embedding dimension {embedding.Dim} differs from the GRU input size {InputSize}");
        var p0 = LayerParameters[0];
        var table = tape.Linear(embedding.Weight.Tensor, p0.WeightIh.Tensor, p0.BiasIh?.Tensor);
        var x = tape.GruProjected(tape.Embedding(table, indices, indexShape), p0.WeightHh.Tensor, p0.BiasHh?.Tensor, h0 == null ? null : tape.Select(h0, 0, 0));
        for (int l = 1; l < NumLayers; l++)
        {
            var p = LayerParameters[l];
            x = tape.Gru(x, p.WeightIh.Tensor, p.WeightHh.Tensor, p.BiasIh?.Tensor, p.BiasHh?.Tensor, h0 == null ? null : tape.Select(h0, 0, l));
        }
        return x;
    }
}

/// <summary>torch.nn.LSTM(batch_first=True): x [B, T, I] → hidden states of the last layer [B, T, H].</summary>
public sealed class Lstm(ParameterStore store, string name, int inputSize, int hiddenSize, Random rng, int numLayers = 1, bool bias = true)
    : RecurrentModule(store, name, 4, inputSize, hiddenSize, numLayers, rng, bias)
{
    public override Tensor Forward(Tape tape, Tensor input) => Forward(tape, input, null, null).Output;

    /// <summary>
    /// With initial states h0, c0 [numLayers, B, H] (null: zeros). Returns the last layer's hidden states and each
    /// layer's final cell state [B, H] (values only; the final hidden states are Select(output, 1, T − 1) per layer).
    /// </summary>
    public (Tensor Output, Tensor[] LastCells) Forward(Tape tape, Tensor input, Tensor? h0, Tensor? c0)
    {
        var x = input;
        var cells = new Tensor[NumLayers];
        for (int l = 0; l < NumLayers; l++)
        {
            var p = LayerParameters[l];
            (x, cells[l]) = tape.Lstm(x, p.WeightIh.Tensor, p.WeightHh.Tensor, p.BiasIh?.Tensor, p.BiasHh?.Tensor,
                h0 == null ? null : tape.Select(h0, 0, l), c0 == null ? null : tape.Select(c0, 0, l));
        }
        return (x, cells);
    }
}
