namespace EntropyScope.Models.Langevin;

/// <summary>
/// Exchanged EP of bond (i, j) along a trajectory, the corrected S9 of the CNEEP supplement:
/// S_ij(𝒯) = (k_ij/2)(1/T_i − 1/T_j) Σ_t [z_j^m(t) Δz_i(t) − z_i^m(t) Δz_j(t)] (models.md §0). The printed S9
/// multiplies z^m by z where Δz belongs; read literally it gives −σ/2.
/// </summary>
public static class BondTrajectoryEntropy
{
    public static double Sum(LinearLangevin model, ReadOnlySpan<double> trajectory, int frames, int i, int j)
    {
        int n = model.Dimension;
        double k = model.Force[i, j];
        double s = 0;
        for (int t = 0; t + 1 < frames; t++)
        {
            double zi0 = trajectory[t * n + i], zi1 = trajectory[(t + 1) * n + i];
            double zj0 = trajectory[t * n + j], zj1 = trajectory[(t + 1) * n + j];
            s += 0.5 * (zj0 + zj1) * (zi1 - zi0) - 0.5 * (zi0 + zi1) * (zj1 - zj0);
        }
        return 0.5 * k * (1 / model.Temperatures[i] - 1 / model.Temperatures[j]) * s;
    }
}
