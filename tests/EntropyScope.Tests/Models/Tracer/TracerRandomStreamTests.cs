using EntropyScope.Models.Langevin;
using EntropyScope.Models.Tracer;

namespace EntropyScope.Tests.Models.Tracer;

/// <summary>
/// The tracer simulator's random streams must not carry the legacy seeded Random's linear recurrence
/// X_n = X_{n−55} − X_{n−34} (mod 2³¹ − 1): an LSTM learnt it and told passive physics simulated through the active
/// code path from the same physics through the passive one (docs/tracer.md, "Simulator random numbers").
/// </summary>
public class TracerRandomStreamTests
{
    /// <summary>How many of 10 000 outputs satisfy u_n ≡ u_{n−55} − u_{n−34} (mod 1) to 1e-6.</summary>
    private static int RecurrenceHits(Random rng)
    {
        var u = Enumerable.Range(0, 10_055).Select(_ => rng.NextDouble()).ToArray();
        int hits = 0;
        for (int n = 55; n < u.Length; n++)
        {
            double r = u[n] - u[n - 55] + u[n - 34];
            r -= Math.Floor(r);
            if (Math.Min(r, 1 - r) < 1e-6) hits++;
        }
        return hits;
    }

    [Fact]
    public void TheLegacySeededGeneratorShowsTheRecurrenceAndTheTracerStreamsDoNot()
    {
        Assert.True(RecurrenceHits(new Random(12345)) > 9_000);   // the check can fail: it sees the legacy recurrence
        foreach (long index in new long[] { 0, 1, 77 })
            Assert.True(RecurrenceHits(Gaussian.Stream(42, index)) < 5);
    }

    [Fact]
    public void StreamsAreReproducibleAndDistinctAndUniform()
    {
        Assert.Equal(Gaussian.Stream(5, 3).NextDouble(), Gaussian.Stream(5, 3).NextDouble());
        Assert.NotEqual(Gaussian.Stream(5, 3).NextDouble(), Gaussian.Stream(5, 4).NextDouble());
        var rng = new Xoshiro256Random(9);
        var u = Enumerable.Range(0, 100_000).Select(_ => rng.NextDouble()).ToArray();
        Assert.InRange(u.Average(), 0.497, 0.503);
        Assert.All(Enumerable.Range(0, 1000).Select(_ => rng.Next(7)), k => Assert.InRange(k, 0, 6));
        Assert.InRange(Enumerable.Range(0, 1000).Select(_ => rng.Next(-3, 3)).Min(), -3, -3);
    }
}
