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

    private sealed class NullSink : IProgressSink
    {
        public void Report(double fraction, string status) { }
        public void Log(string line) { }
    }
}
