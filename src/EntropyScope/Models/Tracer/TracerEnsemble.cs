namespace EntropyScope.Models.Tracer;

/// <summary>
/// M independent tracer trajectories, each from its own seeded stream (seed, index), so results do not depend on
/// thread scheduling. Parameters are fixed or drawn per trajectory from the prior.
/// </summary>
public static class TracerEnsemble
{
    /// <summary>Returns positions (M × L × dims, row-major) and the parameters of each trajectory.</summary>
    public static (double[] Positions, TracerParameters[] Parameters) Simulate(
        int count, int length, TracerObservation obs, Func<Random, TracerParameters> parameters, long seed, IProgressSink? progress = null) =>
        Simulate(count, length, obs, (_, rng) => parameters(rng), seed, progress);

    /// <summary>As above, with parameters that may depend on the trajectory index (e.g. balanced labels).</summary>
    public static (double[] Positions, TracerParameters[] Parameters) Simulate(
        int count, int length, TracerObservation obs, Func<int, Random, TracerParameters> parameters, long seed, IProgressSink? progress = null)
    {
        if (count < 1) throw new InputException($"--trajectories: must be >= 1, got {count}");
        if (length < 2) throw new InputException($"--length: must be >= 2, got {length}");
        obs.Validate();
        int stride = length * obs.Dimensions;
        var positions = new double[(long)count * stride];
        var truth = new TracerParameters[count];
        int done = 0;
        Parallel.For(0, count, i =>
        {
            var rng = Gaussian.Stream(seed, i);
            var p = parameters(i, rng);
            p.Validate();
            truth[i] = p;
            TracerSimulator.Simulate(p, obs, rng, positions.AsSpan(i * stride, stride));
            int n = Interlocked.Increment(ref done);
            if (progress != null && (n % 64 == 0 || n == count)) progress.Report((double)n / count, $"{n}/{count} trajectories");
        });
        return (positions, truth);
    }
}
