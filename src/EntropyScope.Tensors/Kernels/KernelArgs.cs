namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// Argument checks shared by the kernels: a wrong buffer length names the op, the buffer, the expected shape and both
/// sizes. The message is only formatted on failure, so the checks allocate nothing on the hot path.
/// </summary>
internal static class KernelArgs
{
    /// <summary>Requires actual == the product of dims (the expected shape).</summary>
    public static void ExactLength(string op, string buffer, long actual, ReadOnlySpan<int> dims)
    {
        long expected = 1;
        foreach (int d in dims) expected *= d;
        if (actual != expected)
            throw new ArgumentException($"{op}: {buffer} has {actual} elements, expected {string.Join("x", dims.ToArray())} = {expected}.");
    }

    public static void NotNegative(string op, string name, int value)
    {
        if (value < 0)
            throw new ArgumentException($"{op}: {name} = {value} must not be negative.");
    }
}
