namespace EntropyScope.Estimators.Training;

/// <summary>
/// The training sampler (estimators.md §1): B windows i.i.d. with replacement, sequence uniform, start uniform in
/// [0, L − n]. The random stream of iteration i is seeded from (seed, i), so a resumed run draws the same batches.
/// </summary>
public sealed class WindowSampler
{
    private readonly IWindowSource _source;
    private readonly int _window;

    public WindowSampler(IWindowSource source, int windowLength)
    {
        _source = source;
        _window = windowLength;
        for (int m = 0; m < source.Count; m++)
            if (source.Length(m) < windowLength)
                throw new InputException($"sequence {m} has {source.Length(m)} items, fewer than the window length {windowLength}");
    }

    /// <summary>Fills <paramref name="destination"/> with <paramref name="batch"/> windows for iteration <paramref name="iteration"/>.</summary>
    public void Fill(int seed, long iteration, int batch, Span<float> destination)
    {
        var rng = new Random(StreamSeed(seed, iteration));
        int perWindow = _window * _source.ItemSize;
        for (int b = 0; b < batch; b++)
        {
            int m = rng.Next(_source.Count);
            int start = rng.Next(_source.Length(m) - _window + 1);
            _source.CopyItems(m, start, _window, destination.Slice(b * perWindow, perWindow));
        }
    }

    /// <summary>A well-mixed 31-bit seed from (seed, iteration) (splitmix64 finaliser).</summary>
    public static int StreamSeed(int seed, long iteration)
    {
        ulong z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)iteration + 0x632BE59BD9B4E019UL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (int)(z & 0x7FFFFFFF);
    }
}
