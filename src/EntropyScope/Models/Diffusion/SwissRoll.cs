namespace EntropyScope.Models.Diffusion;

/// <summary>
/// The 2D Swiss-roll data of the SpeedAcc non-conservative example (models.md §8, generator [assumed]):
/// angles φ ~ U(1.5π, 4.5π), points (φ cos φ, φ sin φ), each coordinate standardised to zero mean and unit variance.
/// </summary>
public static class SwissRoll
{
    /// <summary>n points, interleaved (x₀, y₀, x₁, y₁, ...).</summary>
    public static double[] Sample(int n, int seed)
    {
        var rng = new Random(seed);
        var p = new double[2 * n];
        for (int i = 0; i < n; i++)
        {
            double phi = Math.PI * (1.5 + 3 * rng.NextDouble());
            p[2 * i] = phi * Math.Cos(phi);
            p[2 * i + 1] = phi * Math.Sin(phi);
        }
        for (int d = 0; d < 2; d++)
        {
            double mean = 0, var = 0;
            for (int i = 0; i < n; i++) mean += p[2 * i + d];
            mean /= n;
            for (int i = 0; i < n; i++) var += Math.Pow(p[2 * i + d] - mean, 2);
            double sd = Math.Sqrt(var / n);
            for (int i = 0; i < n; i++) p[2 * i + d] = (p[2 * i + d] - mean) / sd;
        }
        return p;
    }
}
