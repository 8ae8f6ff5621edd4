using EntropyScope.Tensors;
using EntropyScope.Tensors.Checkpoints;
using EntropyScope.Tensors.Nn;

namespace EntropyScope.Estimators.ActiveNoise;

/// <summary>
/// The recurrent network of estimators.md §5 (paper Fig. 1C): LSTM (1 layer, hidden H) over the feature sequence,
/// its last hidden state → Linear H→32 + ReLU → Linear 32→1. The output is a logit (classifiers: sigmoid gives
/// P(label 1)) or a log-parameter (regressors). Built on the engine's tape ops.
/// </summary>
public sealed class TracerNetwork
{
    public ParameterStore Store { get; } = new();
    public int Hidden { get; }
    public int Dense { get; }
    private readonly Parameter _wIh, _wHh, _bIh, _bHh, _w1, _b1, _w2, _b2;

    public TracerNetwork(int hidden = 64, int dense = 32, int seed = 0)
    {
        Hidden = hidden; Dense = dense;
        int g = 4 * hidden;
        _wIh = Store.Add("lstm.weight_ih", g, TracerFeatures.Count);
        _wHh = Store.Add("lstm.weight_hh", g, hidden);
        _bIh = Store.Add("lstm.bias_ih", g);
        _bHh = Store.Add("lstm.bias_hh", g);
        _w1 = Store.Add("fc1.weight", dense, hidden);
        _b1 = Store.Add("fc1.bias", dense);
        _w2 = Store.Add("fc2.weight", 1, dense);
        _b2 = Store.Add("fc2.bias", 1);
        // PyTorch defaults: LSTM U(−1/√H, 1/√H); Linear U(−1/√in, 1/√in)
        var rng = new Random(seed);
        Uniform(rng, 1 / Math.Sqrt(hidden), _wIh, _wHh, _bIh, _bHh);
        Uniform(rng, 1 / Math.Sqrt(hidden), _w1, _b1);
        Uniform(rng, 1 / Math.Sqrt(dense), _w2, _b2);
        // forget-gate bias +1 (gate order i, f, g, o): keeps memory over long trajectories from the start
        _bIh.Value.Slice(hidden, hidden).Fill(1f);
    }

    /// <summary>x: features [B, T, 2] → output [B, 1].</summary>
    public Tensor Forward(Tape tape, Tensor x)
    {
        var (h, _) = tape.Lstm(x, _wIh.Tensor, _wHh.Tensor, _bIh.Tensor, _bHh.Tensor);
        var last = tape.Select(h, 1, x.Shape[1] - 1);
        var z = tape.Linear(last, _w1.Tensor, _b1.Tensor, relu: true);
        return tape.Linear(z, _w2.Tensor, _b2.Tensor);
    }

    public void Save(string path, IReadOnlyDictionary<string, string>? metadata = null) => Checkpoint.Save(path, Store, null, metadata);

    public static TracerNetwork Load(string path, int hidden, int dense)
    {
        var net = new TracerNetwork(hidden, dense);
        Checkpoint.Load(path, net.Store);
        return net;
    }

    private static void Uniform(Random rng, double bound, params Parameter[] ps)
    {
        foreach (var p in ps)
        {
            var v = p.Value;
            for (int i = 0; i < v.Length; i++) v[i] = (float)((2 * rng.NextDouble() - 1) * bound);
        }
    }
}
