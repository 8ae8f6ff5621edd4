namespace EntropyScope.Estimators.Training;

/// <summary>
/// Learning rate at iteration i: linear warm-up over <c>Warmup</c> iterations to the peak, then constant or a cosine
/// decay to <c>FinalFraction</c>·peak at the last iteration. Chosen to reach the reference accuracy in far fewer steps
/// than the reference's constant 1e-4 (docs/cneep.md, "time to accuracy").
/// </summary>
public sealed record LearningRateSchedule(double Peak, int Warmup, string Shape, double FinalFraction, long Iterations)
{
    public const string Constant = "constant";
    public const string Cosine = "cosine";

    /// <summary>
    /// Rate for <paramref name="iteration"/>. With a time budget, <paramref name="timeFraction"/> (elapsed / budget) also
    /// advances the decay, so the schedule completes by the deadline (such runs are not bit-reproducible).
    /// </summary>
    public float At(long iteration, double timeFraction = 0)
    {
        if (Warmup > 0 && iteration < Warmup) return (float)(Peak * (iteration + 1) / Warmup);
        if (Shape != Cosine || Iterations <= Warmup) return (float)Peak;
        double progress = Math.Clamp(Math.Max((double)(iteration - Warmup) / Math.Max(1, Iterations - Warmup), timeFraction), 0, 1);
        double f = FinalFraction + (1 - FinalFraction) * 0.5 * (1 + Math.Cos(Math.PI * progress));
        return (float)(Peak * f);
    }
}
