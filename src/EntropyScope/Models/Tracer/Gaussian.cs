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

    /// <summary>
    /// An independent, reproducible stream for item <paramref name="index"/> of a run seeded with <paramref name="seed"/>
    /// (xoshiro256**; not the legacy seeded <see cref="Random"/>, whose outputs are linear in earlier ones).
    /// </summary>
    public static Random Stream(long seed, long index) => new Langevin.Xoshiro256Random(unchecked((ulong)seed), 0x7472616365UL /* "trace" */, unchecked((ulong)index));
}
