namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// One <typeparamref name="T"/> per worker index, created on first use and kept between calls, so a threaded kernel
/// owns its scratch without allocating in steady state.
/// </summary>
internal sealed class PerWorker<T> where T : new()
{
    private T[] items = [];

    /// <summary>Makes sure workers 0 … count − 1 have their item (existing ones are kept).</summary>
    public void Ensure(int count)
    {
        if (items.Length >= count) return;
        var grown = new T[count];
        for (int w = 0; w < count; w++) grown[w] = w < items.Length ? items[w] : new T();
        items = grown;
    }

    public T this[int worker] => items[worker];
}
