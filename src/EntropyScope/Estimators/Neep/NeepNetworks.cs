using EntropyScope.Estimators.Rneep;
using EntropyScope.Estimators.Training;

namespace EntropyScope.Estimators.Neep;

/// <summary>Creates the network an architecture describes (NEEP MLP or RNEEP GRU).</summary>
public static class NeepNetworks
{
    public static IEntropyNetwork Create(NeepArchitecture arch, int maxBatch, int seed) =>
        arch.Kind == NeepArchitecture.Rneep ? new RneepNetwork(arch, maxBatch, seed) : new NeepNetwork(arch, maxBatch, seed);
}
