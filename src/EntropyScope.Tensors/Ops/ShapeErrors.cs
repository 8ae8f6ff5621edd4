namespace EntropyScope.Tensors;

/// <summary>Shape validation for tape ops: every error names the op and the shapes involved. Nothing broadcasts implicitly.</summary>
internal static class ShapeErrors
{
    public static void Same(string op, Tensor a, Tensor b)
    {
        if (!a.Shape.AsSpan().SequenceEqual(b.Shape))
            throw new ArgumentException($"{op}: shapes {Tensor.Format(a.Shape)} and {Tensor.Format(b.Shape)} differ (nothing broadcasts implicitly; use the *Bias ops or a scalar overload)");
    }

    public static void Rank(string op, string what, Tensor t, int rank)
    {
        if (t.Rank != rank) throw new ArgumentException($"{op}: {what} must have rank {rank} but has shape {Tensor.Format(t.Shape)}");
    }

    public static void Fail(string op, string message, Tensor a, Tensor b) =>
        throw new ArgumentException($"{op}: {message}: shapes {Tensor.Format(a.Shape)} and {Tensor.Format(b.Shape)}");

    public static int Axis(string op, Tensor t, int axis)
    {
        int a = axis < 0 ? axis + t.Rank : axis;
        if (a < 0 || a >= t.Rank) throw new ArgumentException($"{op}: axis {axis} is out of range for shape {Tensor.Format(t.Shape)}");
        return a;
    }

    /// <summary>Views the shape as [outer, shape[axis], inner].</summary>
    public static (int Outer, int Mid, int Inner) Split(Tensor t, int axis)
    {
        int outer = 1, inner = 1;
        for (int i = 0; i < axis; i++) outer *= t.Shape[i];
        for (int i = axis + 1; i < t.Rank; i++) inner *= t.Shape[i];
        return (outer, t.Shape[axis], inner);
    }
}
