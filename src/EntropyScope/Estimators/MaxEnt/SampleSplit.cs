namespace EntropyScope.Estimators.MaxEnt;

/// <summary>Seeded shuffle into train / validation / test rows (estimators.md §4 "Splits": 0.7/0.2/0.1).</summary>
public sealed record SampleSplit(int[] Train, int[] Validation, int[] Test)
{
    public static SampleSplit Shuffle(int count, int seed, double train = 0.7, double validation = 0.2)
    {
        var idx = new int[count];
        for (int k = 0; k < count; k++) idx[k] = k;
        var rng = new Random(seed);
        for (int k = count - 1; k > 0; k--) { int r = rng.Next(k + 1); (idx[k], idx[r]) = (idx[r], idx[k]); }
        int nTrain = (int)Math.Round(train * count), nVal = (int)Math.Round(validation * count);
        nVal = Math.Min(nVal, count - nTrain);
        return new SampleSplit(idx[..nTrain], idx[nTrain..(nTrain + nVal)], idx[(nTrain + nVal)..]);
    }

    /// <summary>Every row in all three parts (for small problems where held-out data is not wanted).</summary>
    public static SampleSplit All(int count)
    {
        var idx = Enumerable.Range(0, count).ToArray();
        return new SampleSplit(idx, idx, idx);
    }
}
