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
/// Frames per LSTM step k (default 1) [our addition]: the LSTM reads k consecutive frames' features at once (input
/// 2k), so a trajectory of T frames is T/k recurrent steps (the first T mod k frames are left to the summary). The
/// recurrence is what costs (4H·(H + 2k) per step against 4H·(H + 2)·k for k single frames) and what has to carry
/// information across the sequence, so long trajectories (dt 0.5 × 8000 frames) train several times faster per
/// trajectory; the input layer can still form any linear function of the k frames.
/// </summary>
public sealed class TracerNetwork
{
    public ParameterStore Store { get; } = new();
    public int Hidden { get; }
    public int Dense { get; }
    public TracerPooling Pooling { get; }
    /// <summary>Frames fed to the LSTM per recurrent step.</summary>
    public int FramesPerStep { get; }
    /// <summary>True for the classifiers: logit = u + (T/1000)·v (two outputs of fc2).</summary>
    public bool EvidenceHead { get; }
    private readonly Lstm _lstm;
    private readonly Linear _fc1, _fc2;

    public TracerNetwork(int hidden = 64, int dense = 32, int seed = 0, TracerPooling pooling = TracerPooling.Mean, bool evidenceHead = false, int framesPerStep = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(framesPerStep, 1);
        Hidden = hidden; Dense = dense; Pooling = pooling; EvidenceHead = evidenceHead; FramesPerStep = framesPerStep;
        // PyTorch default initialisation (engine initialisers)
        var rng = new Random(seed);
        _lstm = new Lstm(Store, "lstm", TracerFeatures.Count * framesPerStep, hidden, rng);
        _fc1 = new Linear(Store, "fc1", hidden + TracerFeatures.SummaryCount, dense, rng) { FusedRelu = true };
        _fc2 = new Linear(Store, "fc2", dense, evidenceHead ? 2 : 1, rng);
        // forget-gate bias +1 (gate order i, f, g, o): keeps memory over long trajectories from the start
        _lstm.LayerParameters[0].BiasIh!.Value.Slice(hidden, hidden).Fill(1f);
    }

    public static TracerNetwork For(TracerTask task, int hidden, int dense, int seed, TracerPooling pooling, int framesPerStep = 1) =>
        new(hidden, dense, seed, pooling, evidenceHead: task.IsClassifier(), framesPerStep);

    /// <summary>Inputs of B trajectories of length T → output [B, 1] (logit or standardised ln-parameter).</summary>
    public Tensor Forward(Tape tape, TracerInputs inputs)
    {
        int b = inputs.Count, length = inputs.Length, k = FramesPerStep, recurrentSteps = length / k;
        if (recurrentSteps < 1) throw new InputException($"trajectories of {length} frames are shorter than the model's {k} frames per LSTM step");
        var x = Tensor.FromArray(GroupFrames(inputs, k), b, recurrentSteps, TracerFeatures.Count * k);
        var h = _lstm.Forward(tape, x);
        var pooled = Pooling == TracerPooling.Mean ? tape.Mean(h, 1) : tape.Select(h, 1, recurrentSteps - 1);
        var z = _fc1.Forward(tape, tape.Concat(1, pooled, Tensor.FromArray(inputs.Summary, b, TracerFeatures.SummaryCount)));
        var o = _fc2.Forward(tape, z);
        // evidence head: [u, v]·[1, T/1000]ᵀ
        return EvidenceHead ? tape.MatMul(o, Tensor.FromArray([1f, (float)(length / TracerFeatures.ReferenceLength)], 2, 1)) : o;
    }

    /// <summary>
    /// Per-step features [B, T, 2] as [B, T/k, 2k]: row-major, k consecutive frames are already adjacent, so only the
    /// first T mod k frames of each trajectory have to be dropped (a copy only when T is not a multiple of k).
    /// </summary>
    private static float[] GroupFrames(TracerInputs inputs, int k)
    {
        int length = inputs.Length, skip = length % k;
        if (skip == 0) return inputs.Steps;
        int kept = (length - skip) * TracerFeatures.Count;
        var grouped = new float[inputs.Count * kept];
        for (int i = 0; i < inputs.Count; i++)
            inputs.StepsOf(i)[(skip * TracerFeatures.Count)..].CopyTo(grouped.AsSpan(i * kept, kept));
        return grouped;
    }

    public void Save(string path, IReadOnlyDictionary<string, string>? metadata = null) => Checkpoint.Save(path, Store, null, metadata);

    public static TracerNetwork Load(string path, TracerTask task, int hidden, int dense, TracerPooling pooling, int framesPerStep = 1)
    {
        var net = For(task, hidden, dense, 0, pooling, framesPerStep);
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
