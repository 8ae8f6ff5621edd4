using EntropyScope.Tensors;
using EntropyScope.Tensors.Checkpoints;
using EntropyScope.Tensors.Nn;

namespace EntropyScope.Estimators.ActiveNoise;

/// <summary>
/// The recurrent network of estimators.md §5 (paper Fig. 1C): LSTM (1 layer, hidden H) over the feature sequence,
/// its hidden states pooled over time (mean, default, or the last one) → Linear H→32 + ReLU → Linear 32→1.
/// Mean pooling is our choice [assumed; the paper only says "LSTM unit followed by two fully connected layers"]:
/// the Bayes-optimal statistics are time averages, which a mean over hidden states expresses directly, so it trains
/// far faster and transfers across lengths. With mean pooling the dense layers also get ln T / ln 1000, since the
/// evidence (the optimal log-odds) grows with the length while a mean does not. The output is a logit (classifiers: sigmoid gives
/// P(label 1)) or a log-parameter (regressors). Built on the engine's tape ops.
/// </summary>
public sealed class TracerNetwork
{
    public ParameterStore Store { get; } = new();
    public int Hidden { get; }
    public int Dense { get; }
    public TracerPooling Pooling { get; }
    private readonly Lstm _lstm;
    private readonly Linear _fc1, _fc2;

    public TracerNetwork(int hidden = 64, int dense = 32, int seed = 0, TracerPooling pooling = TracerPooling.Mean)
    {
        Hidden = hidden; Dense = dense; Pooling = pooling;
        // PyTorch default initialisation (engine initialisers)
        var rng = new Random(seed);
        _lstm = new Lstm(Store, "lstm", TracerFeatures.Count, hidden, rng);
        _fc1 = new Linear(Store, "fc1", hidden + (pooling == TracerPooling.Mean ? 1 : 0), dense, rng) { FusedRelu = true };
        _fc2 = new Linear(Store, "fc2", dense, 1, rng);
        // forget-gate bias +1 (gate order i, f, g, o): keeps memory over long trajectories from the start
        _lstm.LayerParameters[0].BiasIh!.Value.Slice(hidden, hidden).Fill(1f);
    }

    /// <summary>x: features [B, T, 2] → output [B, 1].</summary>
    public Tensor Forward(Tape tape, Tensor x)
    {
        var h = _lstm.Forward(tape, x);
        Tensor pooled;
        if (Pooling == TracerPooling.Mean)
        {
            // a time average cannot know how much evidence it summarises: give the dense layers ln T too
            int b = x.Shape[0];
            var lengthFeature = new float[b];
            Array.Fill(lengthFeature, (float)(Math.Log(x.Shape[1]) / Math.Log(1000)));
            pooled = tape.Concat(1, tape.Mean(h, 1), Tensor.FromArray(lengthFeature, b, 1));
        }
        else pooled = tape.Select(h, 1, x.Shape[1] - 1);
        return _fc2.Forward(tape, _fc1.Forward(tape, pooled));
    }

    public void Save(string path, IReadOnlyDictionary<string, string>? metadata = null) => Checkpoint.Save(path, Store, null, metadata);

    public static TracerNetwork Load(string path, int hidden, int dense, TracerPooling pooling)
    {
        var net = new TracerNetwork(hidden, dense, 0, pooling);
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
