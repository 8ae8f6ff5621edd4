using EntropyScope.Models.Langevin;

namespace EntropyScope.Observation.Noise;

/// <summary>
/// Adds uniform random or Poisson shot noise of amplitude α to a rendered uint8 frame, exactly as in models.md §4.
/// Both have variance (255α)²/12 at I = 255 (before saturation): Λ = 12/α² is the maximum photon count.
/// </summary>
public sealed class MeasurementNoise
{
    public NoiseKind Kind { get; }
    public double Alpha { get; }
    /// <summary>Λ = 12/α², the maximum number of photons (shot noise).</summary>
    public double PhotonCount => 12 / (Alpha * Alpha);

    public MeasurementNoise(NoiseKind kind, double alpha)
    {
        if (!(alpha >= 0) || double.IsInfinity(alpha)) throw new InputException($"--alpha must be ≥ 0 (got {alpha})");
        if (kind == NoiseKind.Random && alpha > 1) throw new InputException($"--alpha must be in [0, 1] for random noise (got {alpha})");
        Kind = alpha == 0 ? NoiseKind.None : kind;
        Alpha = alpha;
    }

    public void Apply(Span<byte> frame, ref Xoshiro256 rng)
    {
        switch (Kind)
        {
            case NoiseKind.Random:
            {
                double amplitude = 255 * Alpha;
                for (int i = 0; i < frame.Length; i++)
                    frame[i] = Saturate(frame[i] + amplitude * rng.NextDouble());
                break;
            }
            case NoiseKind.Shot:
            {
                double lambdaMax = PhotonCount;
                for (int i = 0; i < frame.Length; i++)
                {
                    if (frame[i] == 0) continue; // Poisson(0) is 0.
                    long k = Poisson.Sample(ref rng, lambdaMax * frame[i] / 255.0);
                    frame[i] = Saturate(255.0 * k / lambdaMax);
                }
                break;
            }
        }
    }

    private static byte Saturate(double v) => v >= 254.5 ? (byte)255 : (byte)(int)(v + 0.5);
}
