namespace EntropyScope.Tensors.Kernels;

/// <summary>Argument checks shared by the kernels: a wrong buffer length names the op, the buffer and both sizes.</summary>
internal static class KernelArgs
{
    public static void Length(string op, string buffer, int actual, long expected, string shape)
    {
        if (actual < expected)
            throw new ArgumentException($"{op}: {buffer} has {actual} floats, expected {shape} = {expected}.");
    }

    public static void ExactLength(string op, string buffer, int actual, long expected, string shape)
    {
        if (actual != expected)
            throw new ArgumentException($"{op}: {buffer} has {actual} elements, expected {shape} = {expected}.");
    }

    public static void Positive(string op, string name, int value)
    {
        if (value < 0)
            throw new ArgumentException($"{op}: {name} = {value} must not be negative.");
    }
}
