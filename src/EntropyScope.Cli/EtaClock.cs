namespace EntropyScope.Cli;

/// <summary>
/// Remaining time of a phase from its progress since the phase began. A fraction that falls back marks a new phase
/// (`train` reports its input statistics 0 → 100 %, then the training 0 → 100 %). Rating each phase from its own first
/// report keeps set-up time out of the rate: timed from the sink's creation, a 145-minute training showed "ETA 3h00m"
/// five minutes in, because the data loading and input statistics counted as training time.
/// </summary>
internal sealed class EtaClock
{
    private double _phaseSeconds = double.NaN, _phaseFraction, _lastFraction = double.PositiveInfinity;

    /// <summary>Seconds left at <paramref name="seconds"/> (any monotone clock) and <paramref name="fraction"/>, or null while the phase has no measurable rate yet.</summary>
    public double? Remaining(double seconds, double fraction)
    {
        if (fraction < _lastFraction) { _phaseSeconds = seconds; _phaseFraction = fraction; }
        _lastFraction = fraction;
        double done = fraction - _phaseFraction, spent = seconds - _phaseSeconds;
        if (fraction >= 1 || done <= 0 || spent <= 0) return null;
        return spent * (1 - fraction) / done;
    }
}
