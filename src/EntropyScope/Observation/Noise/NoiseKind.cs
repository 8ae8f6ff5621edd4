namespace EntropyScope.Observation.Noise;

/// <summary>Measurement corruption applied after rendering (CNEEP Sec. V and Methods; models.md §4).</summary>
public enum NoiseKind
{
    None,
    /// <summary>I′ = min(255, I + U), U ~ Uniform(0, 255α), per pixel and frame.</summary>
    Random,
    /// <summary>k ~ Poisson(Λ·I/255), Λ = 12/α², I′ = min(255, 255k/Λ).</summary>
    Shot,
}
