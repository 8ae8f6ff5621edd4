namespace EntropyScope.Models.Langevin;

/// <summary>How one stored step Δτ is taken (models.md §0, Integrator).</summary>
public enum Integrator
{
    /// <summary>z ← z + 𝒜zΔτ + √(2𝒟Δτ)·N(0, I): the paper's and the reference code's choice (default).</summary>
    EulerMaruyama,
    /// <summary>z ← Φz + N(0, C − ΦCΦᵀ), Φ = e^{𝒜Δτ}: exactly stationary under C (for exact tests).</summary>
    ExactOu,
}
