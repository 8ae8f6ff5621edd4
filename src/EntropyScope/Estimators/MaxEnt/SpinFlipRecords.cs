namespace EntropyScope.Estimators.MaxEnt;

/// <summary>
/// Spin-flip records of one-unit-at-a-time dynamics: recorded states x(s) ∈ {±1}ᴺ (samples × N, int8) and flip flags
/// F[s, i] = 1 when an independent update attempt of unit i at x(s) changed it (models.md §6 "Sampler").
/// </summary>
public sealed class SpinFlipRecords
{
    public int Samples { get; }
    public int Units { get; }
    public sbyte[] States { get; }
    public byte[] Flips { get; }

    public SpinFlipRecords(sbyte[] states, byte[] flips, int samples, int units)
    {
        if (states.Length != (long)samples * units || flips.Length != states.Length)
            throw new InputException($"spin-flip records: states ({states.Length}) and flips ({flips.Length}) must both hold samples × units = {(long)samples * units} values");
        for (int k = 0; k < states.Length; k++)
            if (states[k] != 1 && states[k] != -1) throw new InputException($"spin-flip records: states must be ±1, found {states[k]} at sample {k / units}, unit {k % units}");
        Samples = samples; Units = units; States = states; Flips = flips;
    }

    /// <summary>Number of recorded flips of each unit.</summary>
    public long[] FlipCounts()
    {
        var c = new long[Units];
        for (int s = 0; s < Samples; s++)
            for (int i = 0; i < Units; i++) if (Flips[s * Units + i] != 0) c[i]++;
        return c;
    }
}
