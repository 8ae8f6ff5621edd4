namespace EntropyScope.Tensors.Nn;

/// <summary>
/// All trainable parameters of a model in one flat value buffer and one flat gradient buffer,
/// so the optimiser and checkpoints make a single pass over contiguous memory.
/// </summary>
public sealed class ParameterStore
{
    private readonly List<Parameter> _parameters = [];
    private readonly Dictionary<string, Parameter> _byName = new(StringComparer.Ordinal);

    public float[] Values { get; private set; } = [];
    public float[] Grads { get; private set; } = [];
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>Total number of scalars.</summary>
    public int Count => Values.Length;

    /// <summary>Adds a zero-initialised parameter. Names are unique within a store.</summary>
    public Parameter Add(string name, params int[] shape)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (_byName.ContainsKey(name)) throw new ArgumentException($"parameter '{name}' is already registered", nameof(name));
        long length = 1;
        foreach (int d in shape)
        {
            if (d < 0) throw new ArgumentException($"parameter '{name}' has a negative dimension in shape [{string.Join(", ", shape)}]", nameof(shape));
            length *= d;
        }
        if (Values.Length + length > Array.MaxLength) throw new ArgumentException($"parameter '{name}' makes the store too large");
        int offset = Values.Length;
        var values = new float[offset + (int)length];
        var grads = new float[offset + (int)length];
        Values.CopyTo(values, 0);
        Grads.CopyTo(grads, 0);
        Values = values;
        Grads = grads;
        var p = new Parameter(this, name, (int[])shape.Clone(), offset, (int)length);
        _parameters.Add(p);
        _byName.Add(name, p);
        return p;
    }

    public Parameter this[string name] =>
        _byName.TryGetValue(name, out var p) ? p : throw new KeyNotFoundException($"no parameter named '{name}'");

    public bool TryGet(string name, out Parameter parameter) => _byName.TryGetValue(name, out parameter!);

    public void ZeroGrad() => Array.Clear(Grads);
}
