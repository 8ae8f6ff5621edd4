namespace EntropyScope.Tensors.Tests.Nn;

/// <summary>Tests that read process-wide counters (allocated bytes of all threads) run with nothing else in parallel.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideMeasurementCollection
{
    public const string Name = "ProcessWideMeasurement";
}
