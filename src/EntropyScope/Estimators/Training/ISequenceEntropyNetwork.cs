namespace EntropyScope.Estimators.Training;

/// <summary>
/// A network that evaluates the evaluation windows of one sequence (starts 0, n−1, 2(n−1), …; estimators.md §1)
/// straight from its items, so work shared by overlapping windows (each item is in up to two of them) is done once.
/// Gives the same ΔS_θ as <see cref="IEntropyNetwork.Forward"/> on the copied-out windows, to float32 rounding.
/// </summary>
public interface ISequenceEntropyNetwork : IEntropyNetwork
{
    /// <summary>
    /// ΔS_θ of the <see cref="EvaluationWindows.WindowCount"/>(<paramref name="itemCount"/>, n) windows of
    /// <paramref name="itemCount"/> consecutive items (at most <see cref="IEntropyNetwork.MaxBatch"/> windows).
    /// </summary>
    void ForwardSequence(ReadOnlySpan<float> items, int itemCount, Span<float> deltaS);
}
