namespace EntropyScope.Estimators.Training;

/// <summary>
/// The NEEP objective J(θ) = ⟨ΔS_θ − e^{−ΔS_θ}⟩ (maximised; loss = −J), estimators.md §1, Eq. (2) of the papers.
/// ΔS_θ is clamped to [−60, 60] inside the exponential only.
/// </summary>
public static class EntropyObjective
{
    public const float ExpClamp = 60f;

    /// <summary>One window's contribution ΔS − e^{−ΔS} (float64, for validation sums).</summary>
    public static double Term(float deltaS) => deltaS - Math.Exp(-Math.Clamp(deltaS, -ExpClamp, ExpClamp));

    /// <summary>d(mean loss)/dΔS for one of <paramref name="batch"/> windows: −(1 + e^{−ΔS})/B.</summary>
    public static float LossGradient(float deltaS, int batch) => -(1f + MathF.Exp(-Math.Clamp(deltaS, -ExpClamp, ExpClamp))) / batch;

    /// <summary>J over a set of windows, accumulated in float64.</summary>
    public static double Mean(ReadOnlySpan<float> deltaS)
    {
        double sum = 0;
        foreach (float d in deltaS) sum += Term(d);
        return deltaS.Length == 0 ? double.NaN : sum / deltaS.Length;
    }
}
