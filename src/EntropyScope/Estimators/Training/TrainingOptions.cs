namespace EntropyScope.Estimators.Training;

/// <summary>Settings of Algorithm 1 (estimators.md §2) shared by CNEEP, NEEP and RNEEP; defaults are documented in docs/cneep.md.</summary>
public sealed record TrainingOptions
{
    public long Iterations { get; init; } = 3000;
    public int Batch { get; init; } = 1024;
    public double LearningRate { get; init; } = 1e-3;
    public int Warmup { get; init; } = 100;
    public string Schedule { get; init; } = LearningRateSchedule.Cosine;
    public double FinalLearningRateFraction { get; init; } = 0.05;
    public double WeightDecay { get; init; } = 5e-5;
    /// <summary>Adam β₁; a larger value averages the (noisy, low-SNR) gradient over more steps.</summary>
    public double Beta1 { get; init; } = 0.9;
    public int EvalEvery { get; init; } = 250;
    /// <summary>
    /// 0: validate every EvalEvery steps. &gt; 0: validate on the EvalEvery grid, but only as often as keeps the time spent
    /// validating (J over ALL validation windows, Algorithm 1) at most this share of the time spent in Adam steps; the
    /// interval is re-measured at every validation (<see cref="Trainer.ValidationInterval"/>). Which steps are validated
    /// then depends on the machine's speed; the parameter trajectory does not.
    /// </summary>
    public double MaxValidationShare { get; init; }
    /// <summary>
    /// β of an exponential moving average of the parameters (Polyak averaging; 0 = off). When on, validation, θ* and
    /// everything downstream use the average, while Adam keeps stepping the raw parameters: averaging removes the
    /// step-to-step jitter of a noisy, low-SNR gradient without slowing the descent (Trainer).
    /// </summary>
    public double ParameterAverage { get; init; }
    /// <summary>Wall-clock budget for this estimator (0 = none); training stops, evaluates and keeps the best.</summary>
    public double MaxMinutes { get; init; }
    public double CheckpointMinutes { get; init; } = 2;
    public int Seed { get; init; } = 1;
    /// <summary>Time between items (frames/states); rates are per unit time.</summary>
    public double Dt { get; init; } = 1;

    public LearningRateSchedule LearningRateSchedule => new(LearningRate, Warmup, Schedule, FinalLearningRateFraction, Iterations);

    public void Validate()
    {
        if (!(Dt > 0) || double.IsInfinity(Dt)) throw new InputException($"--dt must be positive (got {Dt})");
        if (Iterations < 0) throw new InputException($"--iterations must be non-negative (got {Iterations})");
        if (Batch < 1) throw new InputException($"--batch must be positive (got {Batch})");
        if (!(LearningRate > 0)) throw new InputException($"--lr must be positive (got {LearningRate})");
        if (!(Beta1 >= 0 && Beta1 < 1)) throw new InputException($"--beta1 must be in [0, 1) (got {Beta1})");
        if (WeightDecay < 0) throw new InputException($"--weight-decay must be non-negative (got {WeightDecay})");
        if (!(ParameterAverage >= 0 && ParameterAverage < 1)) throw new InputException($"--average must be in [0, 1) (got {ParameterAverage})");
        if (EvalEvery < 1) throw new InputException($"--eval-every must be positive (got {EvalEvery})");
        if (!(MaxValidationShare >= 0 && MaxValidationShare < 1)) throw new InputException($"--max-validation-share must be in [0, 1) (got {MaxValidationShare})");
        if (MaxMinutes < 0) throw new InputException($"--max-minutes must be non-negative (got {MaxMinutes})");
        if (Warmup < 0) throw new InputException($"--warmup must be non-negative (got {Warmup})");
        if (Schedule != LearningRateSchedule.Constant && Schedule != LearningRateSchedule.Cosine)
            throw new InputException($"--lr-schedule must be 'constant' or 'cosine' (got '{Schedule}')");
    }
}
