namespace EntropyScope.Observation;

/// <summary>What "normalised with a standard deviation std" divides by (models.md §3, [assumed]).</summary>
public enum DisplacementNormalisation
{
    /// <summary>z̃_i = std · z_i / √C_ii with the exact stationary std of bead i (default).</summary>
    Stationary,
    /// <summary>z̃_i = std · z_i / s_i with s_i the empirical std of bead i over the whole dataset.</summary>
    Empirical,
}
