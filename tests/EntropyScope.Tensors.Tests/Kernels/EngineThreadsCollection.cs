namespace EntropyScope.Tensors.Tests.Kernels;

/// <summary>Tests that set the process-wide <c>EngineThreads.Count</c> run one at a time, so each really runs with its count.</summary>
[CollectionDefinition(Name)]
public sealed class EngineThreadsCollection
{
    public const string Name = "EngineThreads";
}
