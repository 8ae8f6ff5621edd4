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

    /// <summary>ΔS_θ for <paramref name="batch"/> windows (inference).</summary>
    void Forward(ReadOnlySpan<float> windows, int batch, Span<float> deltaS);

    /// <summary>
    /// ΔS_θ for a training batch and the gradient of the mean loss ⟨−ΔS_θ + e^{−ΔS_θ}⟩ (<see cref="EntropyObjective"/>),
    /// accumulated into <see cref="Parameters"/>.Grads. Forward and backward are one call so a network may fuse them
    /// per chunk (the loss is a per-window sum, so no batch-wide activations need to be kept).
    /// </summary>
    void AccumulateGradient(ReadOnlySpan<float> windows, int batch, Span<float> deltaS);

    /// <summary>Architecture settings that re-create the network (written to config.json).</summary>
    IReadOnlyDictionary<string, string> Describe();
}
