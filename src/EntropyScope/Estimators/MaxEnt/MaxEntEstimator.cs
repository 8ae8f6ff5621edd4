using EntropyScope.Estimators.MaxEnt.Observables;

namespace EntropyScope.Estimators.MaxEnt;

/// <summary>
/// Nonequilibrium MaxEnt EP bound from samples of observables (estimators.md §4): split, maximise the dual on the
/// training part with validation early stopping, report the held-out objective capped at ln n_test, plus the TUR
/// bound and the one-step Newton estimate (both held out too: <see cref="HeldOutBounds"/>) and the hierarchical
/// decomposition over nested observable sets.
/// </summary>
public static class MaxEntEstimator
{
    /// <param name="reverse">Reverse samples, or null for antisymmetric observables (reverse = −g of the forward samples).</param>
    public static MaxEntResult Estimate(IObservableSamples forward, IObservableSamples? reverse, MaxEntOptions o)
    {
        int d = forward.Dimension;
        if (reverse is not null && reverse.Dimension != d)
            throw new InputException($"forward observables have {d} columns but reverse observables have {reverse.Dimension}");
        if (forward.Count < o.MinimumSamples)
            throw new InputException($"{forward.Count} forward samples are fewer than the {o.MinimumSamples} the train/validation/test split needs");
        if (reverse is not null && reverse.Count < o.MinimumSamples)
            throw new InputException($"{reverse.Count} reverse samples are fewer than the {o.MinimumSamples} the train/validation/test split needs");

        var fs = SampleSplit.Shuffle(forward.Count, o.Seed, o.TrainFraction, o.ValidationFraction);
        var rs = reverse is null ? fs : SampleSplit.Shuffle(reverse.Count, o.Seed + 1, o.TrainFraction, o.ValidationFraction);
        var levels = o.Hierarchy ?? [("all", Enumerable.Repeat(true, d).ToArray())];

        DualObjective Part(int[] f, int[] r, bool[] mask) => new(forward, f, reverse, reverse is null ? null : r, mask);

        var hierarchy = new List<HierarchyLevel>();
        double[]? theta = null;
        DualSolution? sol = null;
        double sigma = 0, testValue = 0, previous = 0;
        bool capped = false;
        DualObjective? train = null, test = null;
        foreach (var (label, level) in levels)
        {
            var mask = Combine(level, o.Active);
            train = Part(fs.Train, rs.Train, mask);
            var val = Part(fs.Validation, rs.Validation, mask);
            test = Part(fs.Test, rs.Test, mask);
            // warm start: the previous level's θ, zeros for the new entries (estimators.md §4 "Hierarchical") [assumed]
            sol = DualAscent.Maximise(train, val, o.Solver, theta);
            theta = sol.Theta;
            testValue = test.Value(theta);
            (sigma, capped) = Cap(testValue, test.LnCount);
            hierarchy.Add(new HierarchyLevel(label, mask.Count(a => a), sigma, sigma - previous, capped));
            previous = sigma;
        }

        var lastMask = Combine(levels[^1].Active, o.Active);
        var all = Part(Enumerable.Range(0, forward.Count).ToArray(), reverse is null ? [] : Enumerable.Range(0, reverse.Count).ToArray(), lastMask);
        double lnZ = all.LogPartition(theta!);

        double tur = double.NaN, newton = double.NaN;
        var notes = new List<string>();
        if (o.ComputeTur) tur = HeldOutBounds.TurBound(forward, reverse, fs, rs, lastMask, o, notes);
        if (o.ComputeNewtonEstimate)
            newton = HeldOutBounds.NewtonEstimate(train!, Part(fs.Validation, rs.Validation, lastMask), test!, o.Solver);
        if (capped) notes.Add($"capped: the held-out objective {testValue:G6} exceeds ln n_test = {test!.LnCount:G6}; a sample of this size cannot certify more");
        var result = new MaxEntResult
        {
            EntropyProduction = sigma, Capped = capped, TestObjective = testValue, ValidationObjective = sol!.ValidationObjective,
            TrainObjective = sol.TrainObjective, TurBound = tur, NewtonEstimate = newton, Theta = theta!, LogPartition = lnZ,
            Hierarchy = hierarchy, Iterations = sol.Iterations, StoppedBy = sol.StoppedBy,
            TrainCount = fs.Train.Length, ValidationCount = fs.Validation.Length, TestCount = fs.Test.Length,
        };
        result.Notes.AddRange(notes);
        return result;
    }

    /// <summary>σ_g(x_k) = θ*ᵀg(x_k) − ln Z* for every forward sample (trajectory-level EP).</summary>
    public static double[] TrajectoryEntropy(IObservableSamples forward, MaxEntResult r)
    {
        var rows = Enumerable.Range(0, forward.Count).ToArray();
        var a = new double[rows.Length];
        forward.Project(rows, r.Theta, a);
        for (int k = 0; k < a.Length; k++) a[k] -= r.LogPartition;
        return a;
    }

    private static (double Value, bool Capped) Cap(double value, double lnCount) => value > lnCount ? (lnCount, true) : (value, false);

    private static bool[] Combine(bool[] level, bool[]? active)
    {
        var m = (bool[])level.Clone();
        if (active is not null) for (int j = 0; j < m.Length; j++) m[j] &= active[j];
        return m;
    }
}
