namespace EntropyScope.Estimators.Training;

/// <summary>Per-estimator result of `train` (CNEEP, NEEP and RNEEP alike): how far it ran and where θ* was taken.</summary>
public sealed record EstimatorOutcome(int Estimator, long Iterations, long BestIteration, double BestJVal, double SigmaValAtBest, double? R2ValAtBest, double TrainSeconds);
