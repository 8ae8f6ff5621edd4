namespace EntropyScope.Tensors;

/// <summary>
/// Buffers handed out in call order and reused, in the same order, after <see cref="Reset"/>: a loop that repeats the
/// same sequence of requests allocates only on its first pass (or when a request grows). Contents are undefined.
/// </summary>
internal sealed class BufferArena<T>
{
    private readonly List<T[]> _buffers = [];
    private int _count;

    /// <summary>A buffer of at least <paramref name="length"/> elements, valid until the next <see cref="Reset"/>.</summary>
    public T[] Get(int length)
    {
        T[] b;
        if (_count < _buffers.Count)
        {
            b = _buffers[_count];
            if (b.Length < length) { b = new T[length]; _buffers[_count] = b; }
        }
        else { b = new T[length]; _buffers.Add(b); }
        _count++;
        return b;
    }

    public void Reset() => _count = 0;
}
