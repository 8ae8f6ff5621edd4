using System.Diagnostics;

namespace EntropyScope.Cli;

/// <summary>
/// The CLI's <see cref="IProgressSink"/>: a live bar redrawn in place on a terminal, plain lines (at most one per
/// 10 % or per 5 s) when stderr is redirected. Reports go to stderr only; stdout stays machine-readable.
/// </summary>
public sealed class ConsoleProgress : IProgressSink
{
    private readonly bool _live = !Console.IsErrorRedirected;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly EtaClock _eta = new();
    private readonly string _label;
    private double _lastFraction = -1;
    private double _lastSeconds = -1;
    private bool _barOpen;

    public ConsoleProgress(string label) => _label = label;

    public void Report(double fraction, string status)
    {
        fraction = Math.Clamp(fraction, 0, 1);
        double seconds = _clock.Elapsed.TotalSeconds;
        double? remaining = _eta.Remaining(seconds, fraction);
        string eta = remaining is double r ? $"  ETA {Format(r)}" : "";
        if (_live)
        {
            if (seconds - _lastSeconds < 0.1 && fraction < 1) return;
            _lastSeconds = seconds;
            const int width = 30;
            int filled = (int)Math.Round(fraction * width);
            Console.Error.Write($"\r{_label} [{new string('#', filled)}{new string('-', width - filled)}] {fraction * 100,5:F1}%  {status}{eta}   ");
            _barOpen = fraction < 1;
            if (!_barOpen) Console.Error.WriteLine();
            return;
        }
        if (fraction < 1 && fraction - _lastFraction < 0.1 && seconds - _lastSeconds < 5) return;
        _lastFraction = fraction;
        _lastSeconds = seconds;
        Console.Error.WriteLine($"{_label}: {fraction * 100:F0}%  {status}{eta}");
    }

    public void Log(string line)
    {
        if (_barOpen) { Console.Error.WriteLine(); _barOpen = false; }
        Console.Error.WriteLine(line);
    }

    /// <summary>A duration as "42s", "5m07s" or "1h33m". Whole units are truncated from the rounded seconds: formatting
    /// s / 3600 with F0 rounds, so 93 minutes used to print as "2h33m".</summary>
    internal static string Format(double s)
    {
        long total = (long)Math.Round(Math.Max(0, s));
        return total < 60 ? $"{total}s" : total < 3600 ? $"{total / 60}m{total % 60:00}s" : $"{total / 3600}h{total % 3600 / 60:00}m";
    }
}
