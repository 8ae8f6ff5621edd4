using EntropyScope.Tensors.Nn;

namespace EntropyScope.Tensors;

/// <summary>
/// A dense row-major float32 tensor with an optional gradient. Three kinds exist:
/// user tensors (wrap or own an array; <see cref="RequiresGrad"/> is opt-in and their gradient accumulates until
/// <see cref="ZeroGrad"/>), parameter views (values and gradients live in a <see cref="ParameterStore"/>), and
/// tape tensors (outputs of ops: their buffers belong to the <see cref="Tape"/> arena and are reused after
/// <see cref="Tape.Reset"/>, so copy out what you need before the next step).
/// </summary>
public sealed class Tensor
{
    private int[] _shape;
    private float[] _data;
    private float[]? _grad;
    private readonly Parameter? _parameter;
    internal Tape? Owner;            // non-null for tape (arena) tensors
    internal int GradEpoch = -1;     // arena tensors: the tape epoch in which _grad was zeroed

    private Tensor(int[] shape, float[] data, int length, Parameter? parameter)
    {
        _shape = shape;
        _data = data;
        Length = length;
        _parameter = parameter;
    }

    /// <summary>Wraps <paramref name="data"/> without copying; its length must equal the product of <paramref name="shape"/>.</summary>
    public static Tensor FromArray(float[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        int n = CheckedLength(shape);
        if (n != data.Length) throw new ArgumentException($"tensor of shape {Format(shape)} needs {n} values but got {data.Length}");
        return new Tensor((int[])shape.Clone(), data, n, null);
    }

    public static Tensor Zeros(params int[] shape)
    {
        int n = CheckedLength(shape);
        return new Tensor((int[])shape.Clone(), new float[n], n, null);
    }

    /// <summary>A scalar (rank 0) tensor.</summary>
    public static Tensor Scalar(float value) => new([], [value], 1, null);

    internal static Tensor ForParameter(Parameter p) => new(p.Shape, [], p.Length, p);

    internal static Tensor NewArena(Tape owner) => new([], [], 0, null) { Owner = owner };

    public int[] Shape => _shape;
    public int Rank => _shape.Length;
    public int Length { get; private set; }
    public int Dim(int axis) => _shape[axis < 0 ? axis + _shape.Length : axis];

    /// <summary>True for tensors whose gradient is wanted (parameters always; user tensors on request; op outputs when an input requires it).</summary>
    public bool RequiresGrad { get; set; }

    public Parameter? Parameter => _parameter;
    public bool IsParameter => _parameter != null;

    public Span<float> Data => _parameter != null ? _parameter.Value : _data.AsSpan(0, Length);

    /// <summary>The gradient buffer. For user tensors it is created (zeroed) on first access.</summary>
    public Span<float> Grad
    {
        get
        {
            if (_parameter != null) return _parameter.Grad;
            if (Owner != null) return Owner.GradOf(this);
            _grad ??= new float[Length];
            return _grad.AsSpan(0, Length);
        }
    }

    /// <summary>True when a gradient has been written in the current backward pass (tape tensors) or ever (others).</summary>
    public bool HasGrad => _parameter != null || (Owner != null ? GradEpoch == Owner.Epoch : _grad != null);

    public void ZeroGrad()
    {
        if (_parameter != null) _parameter.Grad.Clear();
        else if (_grad != null) Array.Clear(_grad);
    }

    public float Item()
    {
        if (Length != 1) throw new InvalidOperationException($"Item() needs a one-element tensor but the shape is {Format(_shape)}");
        return Data[0];
    }

    public float[] ToArray() => Data.ToArray();

    public override string ToString() => $"Tensor{Format(_shape)}";

    // --- arena support ---------------------------------------------------------------------------------

    internal Span<float> ArenaGradBuffer()
    {
        if (_grad == null || _grad.Length < Length) _grad = new float[Math.Max(Length, 1)];
        return _grad.AsSpan(0, Length);
    }

    /// <summary>Re-shapes an arena tensor for reuse, growing its buffer only when needed.</summary>
    internal void Reuse(ReadOnlySpan<int> shape)
    {
        if (_shape.Length != shape.Length) _shape = new int[shape.Length];
        shape.CopyTo(_shape);
        int n = CheckedLength(_shape);
        if (_data.Length < n) _data = new float[n];
        Length = n;
        RequiresGrad = false;
        GradEpoch = -1;
    }

    internal static int CheckedLength(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (int d in shape)
        {
            if (d < 0) throw new ArgumentException($"negative dimension in shape {Format(shape)}");
            n *= d;
            if (n > Array.MaxLength) throw new ArgumentException($"shape {Format(shape)} is too large");
        }
        return (int)n;
    }

    public static string Format(ReadOnlySpan<int> shape)
    {
        var parts = new string[shape.Length];
        for (int i = 0; i < shape.Length; i++) parts[i] = shape[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
        return "[" + string.Join(", ", parts) + "]";
    }
}
