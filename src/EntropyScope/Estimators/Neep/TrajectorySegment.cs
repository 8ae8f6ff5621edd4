namespace EntropyScope.Estimators.Neep;

/// <summary>Steps [Start, Start + Length) of trajectory <see cref="Trajectory"/>: the unit of the train/validation split.</summary>
public sealed record TrajectorySegment(int Trajectory, int Start, int Length);
