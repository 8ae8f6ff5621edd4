using EntropyScope.Tensors;
using EntropyScope.Tensors.Checkpoints;
using EntropyScope.Tensors.Nn;

namespace EntropyScope.Estimators.ActiveNoise;

/// <summary>
/// The recurrent network of estimators.md §5 (paper Fig. 1C): LSTM (1 layer, hidden H) over the unit-variance
/// feature sequence, its hidden states pooled over time (mean, default, or the last one), concatenated with the
/// trajectory summary (ln T, ln amplitudes, excess kurtoses; <see cref="TracerFeatures"/>) → Linear →32 + ReLU → Linear 32→k.
/// Mean pooling is our choice [assumed; the paper only says "LSTM unit followed by two fully connected layers"]:
/// the Bayes-optimal statistics are time averages, which a mean over hidden states expresses directly.
/// Classifiers use an "evidence head" (k = 2): logit = u + (T / 1000)·v. For long series the optimal log-odds
/// are T × (a per-step log-likelihood difference, a function of time averages) + O(ln T), a product a ReLU
/// layer cannot form over a 40-fold range of T; the head writes it down. Regressors have k = 1 (the standardised
/// ln-parameter). Built on the engine's tape ops.
/// </summary>
public sealed class TracerNetwork
{
    public ParameterStore Store { get; } = new();
    public int Hidden { get; }
    public int Dense { get; }
    public TracerPooling Pooling { get; }
    /// <summary>True for the classifiers: logit = u + (T/1000)·v (two outputs of fc2).</summary>
    public bool EvidenceHead { get; }
    private readonly Lstm _lstm;
    private readonly Linear _fc1, _fc2;

    public TracerNetwork(int hidden = 64, int dense = 32, int seed = 0, TracerPooling pooling = TracerPooling.Mean, bool evidenceHead = false)
    {
        Hidden = hidden; Dense = dense; Pooling = pooling; EvidenceHead = evidenceHead;
        // PyTorch default initialisation (engine initialisers)
        var rng = new Random(seed);
        _lstm = new Lstm(Store, "lstm", TracerFeatures.Count, hidden, rng);
        _fc1 = new Linear(Store, "fc1", hidden + TracerFeatures.SummaryCount, dense, rng) { FusedRelu = true };
        _fc2 = new Linear(Store, "fc2", dense, evidenceHead ? 2 : 1, rng);
        // forget-gate bias +1 (gate order i, f, g, o): keeps memory over long trajectories from the start
        _lstm.LayerParameters[0].BiasIh!.Value.Slice(hidden, hidden).Fill(1f);
    }

    public static TracerNetwork For(TracerTask task, int hidden, int dense, int seed, TracerPooling pooling) =>
        new(hidden, dense, seed, pooling, evidenceHead: task.IsClassifier());

    /// <summary>Inputs of B trajectories of length T → output [B, 1] (logit or standardised ln-parameter).</summary>
    public Tensor Forward(Tape tape, TracerInputs inputs)
    {
        int b = inputs.Count, length = inputs.Length;
        var x = Tensor.FromArray(inputs.Steps, b, length, TracerFeatures.Count);
        var h = _lstm.Forward(tape, x);
        var pooled = Pooling == TracerPooling.Mean ? tape.Mean(h, 1) : tape.Select(h, 1, length - 1);
        var z = _fc1.Forward(tape, tape.Concat(1, pooled, Tensor.FromArray(inputs.Summary, b, TracerFeatures.SummaryCount)));
        var o = _fc2.Forward(tape, z);
        // evidence head: [u, v]·[1, T/1000]ᵀ
        return EvidenceHead ? tape.MatMul(o, Tensor.FromArray([1f, (float)(length / TracerFeatures.ReferenceLength)], 2, 1)) : o;
    }

    public void Save(string path, IReadOnlyDictionary<string, string>? metadata = null) => Checkpoint.Save(path, Store, null, metadata);

    public static TracerNetwork Load(string path, TracerTask task, int hidden, int dense, TracerPooling pooling)
    {
        var net = For(task, hidden, dense, 0, pooling);
        Checkpoint.Load(path, net.Store);
        return net;
    }
}

/// <summary>How the LSTM's hidden states [B, T, H] become one vector per trajectory.</summary>
public enum TracerPooling
{
    /// <summary>Mean over time (default).</summary>
    Mean,
    /// <summary>The last hidden state.</summary>
    Last,
}
