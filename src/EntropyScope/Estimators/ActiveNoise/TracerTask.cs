using EntropyScope.Models.Tracer;

namespace EntropyScope.Estimators.ActiveNoise;

/// <summary>The four networks of the tracer toolkit (estimators.md §5).</summary>
public enum TracerTask
{
    /// <summary>Passive (0) vs AOUP (1), balanced.</summary>
    Active,
    /// <summary>AOUP (0) vs RBP (1), balanced.</summary>
    Rbp,
    /// <summary>Regress ln D on passive and AOUP trajectories (half each).</summary>
    LogD,
    /// <summary>Regress ln D_a on AOUP trajectories.</summary>
    LogDa,
}

public static class TracerTaskInfo
{
    public static string Name(this TracerTask t) => t switch
    {
        TracerTask.Active => "active",
        TracerTask.Rbp => "rbp",
        TracerTask.LogD => "log_d",
        _ => "log_d_a",
    };

    public static TracerTask Parse(string s) => s.Trim().ToLowerInvariant() switch
    {
        "active" => TracerTask.Active,
        "rbp" => TracerTask.Rbp,
        "log_d" or "d" => TracerTask.LogD,
        "log_d_a" or "d_a" or "da" => TracerTask.LogDa,
        _ => throw new InputException($"--tasks: unknown task '{s}' (expected active, rbp, log_d, log_d_a)"),
    };

    public static bool IsClassifier(this TracerTask t) => t is TracerTask.Active or TracerTask.Rbp;

    /// <summary>The model of trajectory <paramref name="i"/> of a batch of <paramref name="batch"/> (first half label 0).</summary>
    public static TracerModel ModelOf(this TracerTask t, int i, int batch) => t switch
    {
        TracerTask.Active => i < batch / 2 ? TracerModel.Passive : TracerModel.Aoup,
        TracerTask.Rbp => i < batch / 2 ? TracerModel.Aoup : TracerModel.Rbp,
        TracerTask.LogD => i < batch / 2 ? TracerModel.Passive : TracerModel.Aoup,
        _ => TracerModel.Aoup,
    };

    /// <summary>ln-range (centre, half-width) of a regression target under the prior, used to standardise it.</summary>
    public static (double Centre, double HalfWidth) TargetScale(this TracerTask t, TracerPrior prior)
    {
        var (lo, hi) = t == TracerTask.LogD ? (prior.DMin, prior.DMax) : (prior.DaMin, prior.DaMax);
        double a = Math.Log(lo), b = Math.Log(hi);
        return ((a + b) / 2, Math.Max((b - a) / 2, 1e-3));
    }
}

/// <summary>A batch of simulated, labelled trajectories for one task: network inputs and targets [B].</summary>
public sealed class TracerBatch
{
    public required TracerInputs Inputs { get; init; }
    public required float[] Targets { get; init; }
    public required double[] Positions { get; init; }
    public required TracerParameters[] Parameters { get; init; }
    public int Count { get; init; }
    public int Length { get; init; }

    public static TracerBatch Generate(TracerTask task, int count, int length, TracerPrior prior, TracerObservation obs, TracerFeatures features, long seed)
    {
        var (x, p) = TracerEnsemble.Simulate(count, length, obs, (i, rng) => prior.Sample(task.ModelOf(i, count), rng), seed);
        var f = features.Encode(x, count, length);
        var y = new float[count];
        var (centre, half) = task.IsClassifier() ? (0.0, 1.0) : task.TargetScale(prior);
        for (int i = 0; i < count; i++)
        {
            y[i] = task switch
            {
                TracerTask.Active => p[i].Model == TracerModel.Passive ? 0f : 1f,
                TracerTask.Rbp => p[i].Model == TracerModel.Rbp ? 1f : 0f,
                TracerTask.LogD => (float)((Math.Log(p[i].D) - centre) / half),
                _ => (float)((Math.Log(p[i].Da) - centre) / half),
            };
        }
        return new TracerBatch { Inputs = f, Targets = y, Positions = x, Parameters = p, Count = count, Length = length };
    }
}
