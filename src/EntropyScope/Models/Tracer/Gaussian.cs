namespace EntropyScope.Models.Tracer;

/// <summary>Standard normal draws (Box–Muller, both values used) from a seeded <see cref="Random"/>.</summary>
internal sealed class Gaussian(Random rng)
{
    private double _spare;
    private bool _hasSpare;

    public Random Rng { get; } = rng;

    public double Next()
    {
        if (_hasSpare) { _hasSpare = false; return _spare; }
        double u1 = 1.0 - Rng.NextDouble(), u2 = Rng.NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        _spare = r * Math.Sin(2 * Math.PI * u2);
        _hasSpare = true;
        return r * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>An independent, reproducible stream for item <paramref name="index"/> of a run seeded with <paramref name="seed"/> (SplitMix64 mix).</summary>
    public static Random Stream(long seed, long index)
    {
        ulong z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)index + 0x632BE59BD9B4E019UL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return new Random((int)(z & 0x7FFFFFFF));
    }
}
