namespace EntropyScope.Tensors.Nn;

/// <summary>
/// One named, trainable tensor: a window [Offset, Offset + Length) into its store's flat value and gradient buffers.
/// The window is resolved on every access, so a Parameter stays valid when the store grows.
/// </summary>
public sealed class Parameter
{
    private readonly ParameterStore _store;
    private Tensor? _tensor;

    internal Parameter(ParameterStore store, string name, int[] shape, int offset, int length)
    {
        _store = store;
        Name = name;
        Shape = shape;
        Offset = offset;
        Length = length;
    }

    public string Name { get; }
    public int[] Shape { get; }
    public int Offset { get; }
    public int Length { get; }
    public ParameterStore Store => _store;

    public Span<float> Value => _store.Values.AsSpan(Offset, Length);
    public Span<float> Grad => _store.Grads.AsSpan(Offset, Length);

    /// <summary>The differentiable view of this parameter used by tape ops; gradients accumulate into <see cref="Grad"/>.</summary>
    public Tensor Tensor => _tensor ??= Tensor.ForParameter(this);

    public override string ToString() => $"{Name} [{string.Join(", ", Shape)}]";
}
