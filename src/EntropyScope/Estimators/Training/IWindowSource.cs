namespace EntropyScope.Estimators.Training;

/// <summary>
/// Sequences (movies or trajectories) the training machinery draws windows from: each sequence is a run of items
/// (frames of H·W floats, or states of d floats), already standardised for the network.
/// </summary>
public interface IWindowSource
{
    /// <summary>Number of sequences (movies/trajectories).</summary>
    int Count { get; }

    /// <summary>Floats per item (frame or state).</summary>
    int ItemSize { get; }

    /// <summary>Items in sequence <paramref name="sequence"/>.</summary>
    int Length(int sequence);

    /// <summary>Copies items [start, start + count) of a sequence, standardised, into <paramref name="destination"/>.</summary>
    void CopyItems(int sequence, int start, int count, Span<float> destination);

    /// <summary>True per-step ΔS (length − 1 values) when ground truth is known, else null.</summary>
    double[]? TruePerStep(int sequence);
}
