namespace EntropyScope.Models.Langevin;

/// <summary>
/// Exchanged EP of bond (i, j) along a trajectory, the corrected S9 of the CNEEP supplement:
/// S_ij(𝒯) = (k_ij/2)(1/T_i − 1/T_j) Σ_t [z_j^m(t) Δz_i(t) − z_i^m(t) Δz_j(t)] (models.md §0). The printed S9
/// multiplies z^m by z where Δz belongs; read literally it gives −σ/2.
/// </summary>
public static class BondTrajectoryEntropy
{
    public static double Sum(LinearLangevin model, ReadOnlySpan<double> trajectory, int frames, int i, int j) =>
        Sum(trajectory, model.Dimension, frames, i, j, model.Force[i, j], model.Temperatures[i], model.Temperatures[j]);

    /// <summary>
    /// The same sum from the raw numbers (truth.json and trajectories.npy, no model): trajectory is frames × dimension,
    /// row-major; coupling k_ij and the two bath temperatures.
    /// </summary>
    public static double Sum(ReadOnlySpan<double> trajectory, int dimension, int frames, int i, int j, double coupling, double ti, double tj)
    {
        int n = dimension;
        double s = 0;
        for (int t = 0; t + 1 < frames; t++)
        {
            double zi0 = trajectory[t * n + i], zi1 = trajectory[(t + 1) * n + i];
            double zj0 = trajectory[t * n + j], zj1 = trajectory[(t + 1) * n + j];
            s += 0.5 * (zj0 + zj1) * (zi1 - zi0) - 0.5 * (zi0 + zi1) * (zj1 - zj0);
        }
        return 0.5 * coupling * (1 / ti - 1 / tj) * s;
    }

    /// <summary>
    /// Exact mean of one step's term under the exact OU chain: (k_ij/2)(1/T_i − 1/T_j)(ΦC − CΦᵀ)_ij, Φ = e^{𝒜Δτ} [D];
    /// it tends to σ_ij Δτ as Δτ → 0.
    /// </summary>
    public static double ExpectedPerStep(LinearLangevin model, double dt, int i, int j)
    {
        var phiC = Algebra.MatrixExponential.Of(model.Drift.Scale(dt)).Multiply(model.Covariance);
        return 0.5 * model.Force[i, j] * (1 / model.Temperatures[i] - 1 / model.Temperatures[j]) * (phiC[i, j] - phiC[j, i]);
    }
}
