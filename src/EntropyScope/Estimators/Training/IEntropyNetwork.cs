using EntropyScope.Tensors.Nn;

namespace EntropyScope.Estimators.Training;

/// <summary>
/// An antisymmetric entropy-production network ΔS_θ(x) = h_θ(x) − h_θ(x̃) (estimators.md §1, Eq. 1/9 of the papers):
/// CNEEP over frame windows, NEEP/RNEEP over state windows. The training machinery only sees flat float windows
/// (one window = <see cref="WindowLength"/> × <see cref="ItemSize"/> values, already standardised) and the parameters.
/// </summary>
public interface IEntropyNetwork
{
    /// <summary>"cneep", "neep", "rneep": written to config.json so a run folder can be reopened.</summary>
    string Kind { get; }

    /// <summary>All trainable parameters, one flat buffer (Adam and checkpoints work on it).</summary>
    ParameterStore Parameters { get; }

    /// <summary>Frames or states per window (n ≥ 2).</summary>
    int WindowLength { get; }

    /// <summary>Floats per frame/state (H·W for movies, d for trajectories).</summary>
    int ItemSize { get; }

    /// <summary>Largest batch <see cref="Forward"/> accepts (buffers are allocated once for it).</summary>
    int MaxBatch { get; }

    /// <summary>ΔS_θ for <paramref name="batch"/> windows. With <paramref name="training"/> the activations are kept for <see cref="Backward"/>.</summary>
    void Forward(ReadOnlySpan<float> windows, int batch, Span<float> deltaS, bool training);

    /// <summary>Accumulates dLoss/dθ into <see cref="Parameters"/>.Grads from dLoss/dΔS of the last training forward.</summary>
    void Backward(ReadOnlySpan<float> gradDeltaS);

    /// <summary>Architecture settings that re-create the network (written to config.json).</summary>
    IReadOnlyDictionary<string, string> Describe();
}
