namespace EntropyScope;

/// <summary>
/// Where long-running library work reports progress. The CLI draws a live bar on a terminal and plain lines
/// otherwise; tests and library users pass <see cref="ProgressSink.None"/>.
/// </summary>
public interface IProgressSink
{
    /// <summary>fraction in [0, 1]; status is a short line such as "iter 500  J_val 0.0123  ETA 3m".</summary>
    void Report(double fraction, string status);

    /// <summary>A log line that should stay visible (stderr).</summary>
    void Log(string line);
}

public static class ProgressSink
{
    public static IProgressSink None { get; } = new NullSink();

    /// <summary>
    /// A sink for one part of a longer job: its fraction f is reported as start + width·f, so the overall bar and
    /// the ETA computed from it stay right across the parts (e.g. the tasks of `train-classifier`).
    /// </summary>
    public static IProgressSink Segment(this IProgressSink inner, double start, double width) => new SegmentSink(inner, start, width);

    private sealed class SegmentSink(IProgressSink inner, double start, double width) : IProgressSink
    {
        public void Report(double fraction, string status) => inner.Report(start + width * Math.Clamp(fraction, 0, 1), status);
        public void Log(string line) => inner.Log(line);
    }

    private sealed class NullSink : IProgressSink
    {
        public void Report(double fraction, string status) { }
        public void Log(string line) { }
    }
}
