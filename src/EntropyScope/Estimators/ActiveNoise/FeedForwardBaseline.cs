using System.Diagnostics;
using EntropyScope.Tensors;
using EntropyScope.Tensors.Nn;
using EntropyScope.Tensors.Optim;

namespace EntropyScope.Estimators.ActiveNoise;

/// <summary>
/// The feed-forward baseline of paper Fig. 3 (estimators.md §5 [assumed]): an MLP (2 × 128 ReLU → 1) on the whole
/// fixed-length feature vector (x_t/σ̂_x, Δx_t/σ̂_Δx), t = 0…L−1, plus the same trajectory summary the LSTM head
/// gets (<see cref="TracerFeatures"/>). One network per length (it has no notion of time).
/// </summary>
public sealed class FeedForwardBaseline
{
    public ParameterStore Store { get; } = new();
    public int Length { get; }
    private readonly Linear _l1, _l2, _l3;

    public FeedForwardBaseline(int length, int width = 128, int seed = 0)
    {
        Length = length;
        var rng = new Random(seed);
        _l1 = new Linear(Store, "fc1", length * TracerFeatures.Count + TracerFeatures.SummaryCount, width, rng) { FusedRelu = true };
        _l2 = new Linear(Store, "fc2", width, width, rng) { FusedRelu = true };
        _l3 = new Linear(Store, "fc3", width, 1, rng);
    }

    /// <summary>Inputs of B trajectories → logits [B, 1].</summary>
    public Tensor Forward(Tape tape, TracerInputs inputs)
    {
        var x = tape.Concat(1, Tensor.FromArray(inputs.Steps, inputs.Count, Length * TracerFeatures.Count), Tensor.FromArray(inputs.Summary, inputs.Count, TracerFeatures.SummaryCount));
        return _l3.Forward(tape, _l2.Forward(tape, _l1.Forward(tape, x)));
    }

    /// <summary>Trains on fresh prior batches of this length for <paramref name="seconds"/>, early-stopping on a validation batch.</summary>
    public static FeedForwardBaseline Train(TracerTask task, int length, TracerTrainingOptions o, double seconds, int validationCount = 512)
    {
        var features = TracerFeatures.ForPrior(o.Prior, o.Observation.Dt);
        var net = new FeedForwardBaseline(length, seed: (int)o.Seed);
        var adam = new Adam(net.Store, o.LearningRate);
        var tape = new Tape();
        var val = TracerBatch.Generate(task, validationCount, length, o.Prior, o.Observation, features, o.Seed * 1000 + 77);
        double best = double.PositiveInfinity; var bestValues = (float[])net.Store.Values.Clone();
        int since = 0;
        var sw = Stopwatch.StartNew();
        for (int step = 0; sw.Elapsed.TotalSeconds < seconds; step++)
        {
            var b = TracerBatch.Generate(task, o.BatchSize, length, o.Prior, o.Observation, features, o.Seed * 1_000_003 + 2 * step + 5);
            tape.Reset(); net.Store.ZeroGrad();
            var loss = tape.BinaryCrossEntropyWithLogits(net.Forward(tape, b.Inputs), Tensor.FromArray(b.Targets, b.Count, 1));
            tape.Backward(loss); adam.Step();
            if (step % 10 == 9)
            {
                var z = net.Predict(val.Inputs);
                double v = 0;
                for (int i = 0; i < val.Count; i++) v += ExactActiveClassifier.LogLoss(z[i], (int)val.Targets[i]);
                v /= val.Count;
                if (v < best) { best = v; net.Store.Values.CopyTo(bestValues, 0); since = 0; }
                else if (++since >= o.Patience) break;
            }
        }
        bestValues.CopyTo(net.Store.Values, 0);
        return net;
    }

    public double[] Predict(TracerInputs inputs)
    {
        var tape = new Tape { IsRecording = false };
        var y = Forward(tape, inputs).Data;
        var r = new double[inputs.Count];
        for (int i = 0; i < inputs.Count; i++) r[i] = y[i];
        return r;
    }
}
