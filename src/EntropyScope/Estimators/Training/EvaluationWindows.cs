namespace EntropyScope.Estimators.Training;

/// <summary>
/// Evaluation windows (estimators.md §1): starts 0, n−1, 2(n−1), … while a full window fits, so consecutive windows
/// share one item and every covered step is counted once. Runs the network over all of them in batches.
/// </summary>
public static class EvaluationWindows
{
    public static int WindowCount(int length, int windowLength) => length < windowLength ? 0 : (length - 1) / (windowLength - 1);

    /// <summary>ΔS_θ of every evaluation window of every sequence: result[sequence][window].</summary>
    public static float[][] Evaluate(IEntropyNetwork network, IWindowSource source, float[] buffer, IProgressSink? progress = null)
    {
        if (network is ISequenceEntropyNetwork sequenceNetwork) return EvaluateSequences(sequenceNetwork, source, buffer, progress);
        int n = network.WindowLength, perWindow = n * source.ItemSize, maxBatch = Math.Min(network.MaxBatch, buffer.Length / perWindow);
        var result = new float[source.Count][];
        var pending = new (int Seq, int Win)[maxBatch];
        var outputs = new float[maxBatch];
        long total = 0, done = 0;
        for (int m = 0; m < source.Count; m++) { result[m] = new float[WindowCount(source.Length(m), n)]; total += result[m].Length; }
        int fill = 0;
        void Flush()
        {
            if (fill == 0) return;
            network.Forward(buffer.AsSpan(0, fill * perWindow), fill, outputs);
            for (int i = 0; i < fill; i++) result[pending[i].Seq][pending[i].Win] = outputs[i];
            done += fill;
            fill = 0;
            progress?.Report(total == 0 ? 1 : (double)done / total, $"evaluating {done}/{total} windows");
        }
        for (int m = 0; m < source.Count; m++)
            for (int w = 0; w < result[m].Length; w++)
            {
                source.CopyItems(m, w * (n - 1), n, buffer.AsSpan(fill * perWindow, perWindow));
                pending[fill++] = (m, w);
                if (fill == maxBatch) Flush();
            }
        Flush();
        return result;
    }

    /// <summary>
    /// As <see cref="Evaluate"/>, for a network that evaluates a run of consecutive items itself: each item is copied
    /// (and standardised) once instead of once per window, blocks of windows overlap by their shared endpoint item.
    /// </summary>
    private static float[][] EvaluateSequences(ISequenceEntropyNetwork network, IWindowSource source, float[] buffer, IProgressSink? progress)
    {
        int n = network.WindowLength, item = source.ItemSize;
        int maxBatch = Math.Min(network.MaxBatch, (buffer.Length / item - 1) / (n - 1));
        if (maxBatch < 1) throw new ArgumentException("evaluation buffer smaller than one window");
        var result = new float[source.Count][];
        long total = 0, done = 0;
        for (int m = 0; m < source.Count; m++) { result[m] = new float[WindowCount(source.Length(m), n)]; total += result[m].Length; }
        for (int m = 0; m < source.Count; m++)
            for (int w0 = 0; w0 < result[m].Length; w0 += maxBatch)
            {
                int b = Math.Min(maxBatch, result[m].Length - w0), items = b * (n - 1) + 1;
                source.CopyItems(m, w0 * (n - 1), items, buffer.AsSpan(0, items * item));
                network.ForwardSequence(buffer.AsSpan(0, items * item), items, result[m].AsSpan(w0, b));
                done += b;
                progress?.Report(total == 0 ? 1 : (double)done / total, $"evaluating {done}/{total} windows");
            }
        return result;
    }
}
