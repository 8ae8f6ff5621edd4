using EntropyScope.Estimators.MaxEnt.Observables;

namespace EntropyScope.Estimators.MaxEnt;

/// <summary>One unit's MaxEnt problem in the per-unit decomposition.</summary>
public sealed record UnitEstimate(int Unit, int Events, double FlipProbability, double EntropyProduction, double TurBound, double NewtonEstimate,
    double[] Hierarchy, bool[] HierarchyCapped, bool Capped, bool Skipped, int Dropped, int Iterations = 0, string StoppedBy = "",
    double TrainObjective = 0, double ValidationObjective = 0);

/// <summary>Sum over units: Σ_g = Σ_i p_i Σ_{g,i} (per update attempt) and the same for the TUR and Newton estimates.</summary>
public sealed class PerUnitResult
{
    public required double EntropyProduction { get; init; }
    public required double TurBound { get; init; }
    public required double NewtonEstimate { get; init; }
    public required IReadOnlyList<HierarchyLevel> Hierarchy { get; init; }
    public required IReadOnlyList<UnitEstimate> Units { get; init; }
    /// <summary>θ*: row i holds unit i's multipliers (column i: the order-1 term −2x_i; others: −2x_ix_j).</summary>
    public required double[] Theta { get; init; }
    /// <summary>σ_g for each recorded flip (samples × units; NaN where no flip or the unit was skipped).</summary>
    public required float[] Sigma { get; init; }
    public List<string> Notes { get; } = [];
}

/// <summary>
/// Per-unit decomposition for sequential (one unit at a time) dynamics (estimators.md §4): for unit i only the
/// recorded flips of i enter, with antisymmetric observables g_ij = (x_{i,1} − x_{i,0})x_{j,0} = −2x_ix_j (j ≠ i) and
/// optionally the order-1 term −2x_i; one d ≈ N problem per unit, Σ_g = Σ_i p_i Σ_{g,i}, p_i = flips of i / (N·samples)
/// (units with fewer than <see cref="MinimumEvents"/> flips are skipped). Each unit's flips are bit-packed, so a
/// 1000-spin problem never builds a dense samples × N² (or even samples × N float) array.
/// </summary>
public static class PerUnitDecomposition
{
    public const int MinimumEvents = 100;

    /// <param name="orders">Hierarchy orders (1: −2x_i only; 2: plus −2x_ix_j). Null: pairwise terms only (d = N − 1).</param>
    public static PerUnitResult Estimate(SpinFlipRecords rec, MaxEntOptions o, IReadOnlyList<int>? orders = null, int threads = 0, IProgressSink? progress = null)
    {
        progress ??= ProgressSink.None;
        int n = rec.Units, s = rec.Samples, nb = SignBitObservables.BytesPerRow(n);
        if (orders is not null && orders.Any(k => k is < 1 or > 2))
            throw new InputException($"--order for spin-flip records accepts 1 (field term −2x_i) and 2 (pairwise −2x_ix_j); got {string.Join(",", orders)}");
        // bit j of packed row s: x_j(s) = +1
        var packed = new byte[(long)s * nb];
        for (int k = 0; k < s; k++)
            for (int j = 0; j < n; j++) if (rec.States[k * n + j] > 0) packed[(long)k * nb + (j >> 3)] |= (byte)(1 << (j & 7));

        // event lists of all units in one row-major pass (a per-unit scan would stride through samples × N N times)
        var eventCount = new int[n];
        for (long q = 0; q < (long)s * n; q++) if (rec.Flips[q] != 0) eventCount[q % n]++;
        var eventsOf = new int[n][];
        for (int i = 0; i < n; i++) eventsOf[i] = new int[eventCount[i]];
        Array.Clear(eventCount);
        for (int k = 0; k < s; k++)
            for (int i = 0; i < n; i++) if (rec.Flips[k * n + i] != 0) eventsOf[i][eventCount[i]++] = k;

        var units = new UnitEstimate[n];
        var theta = new double[(long)n * n];
        var sigma = new float[(long)s * n];
        Array.Fill(sigma, float.NaN);
        int levels = orders?.Count ?? 1;
        int done = 0;
        var po = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount };
        Parallel.For(0, n, po, i =>
        {
            units[i] = Unit(rec, packed, nb, i, eventsOf[i], o, orders, theta.AsSpan(i * n, n), sigma);
            eventsOf[i] = [];
            int d = Interlocked.Increment(ref done);
            if (d % Math.Max(1, n / 100) == 0 || d == n) progress.Report((double)d / n, $"unit {d}/{n}");
        });

        double total = 0, tur = 0, newton = 0;
        var h = new double[levels];
        foreach (var u in units)
        {
            if (u.Skipped) continue;
            total += u.FlipProbability * u.EntropyProduction;
            tur += u.FlipProbability * u.TurBound;
            newton += u.FlipProbability * u.NewtonEstimate;
            for (int k = 0; k < levels; k++) h[k] += u.FlipProbability * u.Hierarchy[k];
        }
        var hierarchy = new List<HierarchyLevel>();
        for (int k = 0; k < levels; k++)
        {
            string label = orders is null ? "pairwise" : $"order {orders[k]}";
            int dim = orders is null ? n - 1 : orders[k] == 1 ? 1 : n;
            hierarchy.Add(new HierarchyLevel(label, dim, h[k], h[k] - (k > 0 ? h[k - 1] : 0), units.Any(u => !u.Skipped && u.HierarchyCapped[k])));
        }
        var r = new PerUnitResult { EntropyProduction = total, TurBound = tur, NewtonEstimate = newton, Hierarchy = hierarchy, Units = units, Theta = theta, Sigma = sigma };
        int skipped = units.Count(u => u.Skipped), capped = units.Count(u => u.Capped), dropped = units.Sum(u => u.Dropped);
        if (skipped > 0) r.Notes.Add($"{skipped} of {n} units have fewer than {MinimumEvents} recorded flips and were skipped (contribute 0)");
        if (capped > 0) r.Notes.Add($"capped: {capped} units' held-out objective exceeded ln n_test and was capped");
        if (dropped > 0) r.Notes.Add($"{dropped} constant observables (unit/neighbour pairs that never differ within a unit's flips) were dropped");
        return r;
    }

    private static UnitEstimate Unit(SpinFlipRecords rec, byte[] packed, int nb, int i, int[] events, MaxEntOptions o, IReadOnlyList<int>? orders, Span<double> thetaRow, float[] sigma)
    {
        int n = rec.Units, s = rec.Samples;
        double p = events.Length / ((double)n * s);
        int levels = orders?.Count ?? 1;
        if (events.Length < MinimumEvents)
            return new UnitEstimate(i, events.Length, p, 0, 0, 0, new double[levels], new bool[levels], false, true, 0);

        // Row of event k: bit j set ⇔ u_kj = +1, with u_kj = −x_ix_j (j ≠ i) and u_ki = −x_i; g = 2u.
        var bits = new byte[(long)events.Length * nb];
        byte iMask = (byte)(1 << (i & 7));
        for (int e = 0; e < events.Length; e++)
        {
            int k = events[e];
            bool up = rec.States[k * n + i] > 0;
            var src = packed.AsSpan(k * nb, nb);
            var dst = bits.AsSpan(e * nb, nb);
            for (int b = 0; b < nb; b++) dst[b] = up ? (byte)~src[b] : src[b];
            if (!up) dst[i >> 3] |= iMask; // x_i = −1: u_ii = +1 (bit i of src was 0)
        }
        var g = new SignBitObservables(bits, events.Length, n, 2.0);

        // drop constant columns (|mean| = 2): they carry no information and would make the dual unbounded
        var mean = new double[n];
        var uni = new double[events.Length];
        Array.Fill(uni, 1.0 / events.Length);
        g.WeightedSum(Enumerable.Range(0, events.Length).ToArray(), uni, mean);
        var active = new bool[n];
        int dropped = 0;
        for (int j = 0; j < n; j++)
        {
            active[j] = Math.Abs(mean[j]) < 2 - 1e-9;
            if (!active[j] && j != i) dropped++;
        }
        List<(string, bool[])> hier = [];
        if (orders is null) hier.Add(("pairwise", Enumerable.Range(0, n).Select(j => j != i).ToArray()));
        else foreach (int ord in orders) hier.Add(($"order {ord}", Enumerable.Range(0, n).Select(j => ord >= 2 || j == i).ToArray()));
        var r = MaxEntEstimator.Estimate(g, null, o with { Seed = o.Seed + i, Active = active, Hierarchy = hier, MinimumSamples = MinimumEvents });
        r.Theta.CopyTo(thetaRow);
        var sig = MaxEntEstimator.TrajectoryEntropy(g, r);
        for (int e = 0; e < events.Length; e++) sigma[(long)events[e] * n + i] = (float)sig[e];
        return new UnitEstimate(i, events.Length, p, r.EntropyProduction, r.TurBound, r.NewtonEstimate,
            r.Hierarchy.Select(h => h.EntropyProduction).ToArray(), r.Hierarchy.Select(h => h.Capped).ToArray(), r.Capped, false, dropped,
            r.Iterations, r.StoppedBy, r.TrainObjective, r.ValidationObjective);
    }
}
