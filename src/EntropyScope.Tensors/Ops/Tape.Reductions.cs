namespace EntropyScope.Tensors;

public sealed partial class Tape
{
    /// <summary>Sum of all elements (accumulated in float64) as a scalar (rank 0) tensor.</summary>
    public Tensor Sum(Tensor x) => SumAll(x, 1f);

    /// <summary>Mean of all elements (accumulated in float64) as a scalar (rank 0) tensor.</summary>
    public Tensor Mean(Tensor x)
    {
        if (x.Length == 0) throw new ArgumentException($"Mean: empty tensor of shape {Tensor.Format(x.Shape)}");
        return SumAll(x, 1f / x.Length);
    }

    private Tensor SumAll(Tensor x, float scale)
    {
        var y = NewTensor(ReadOnlySpan<int>.Empty);
        y.Data[0] = (float)(VectorMath.Sum(x.Data) * scale);
        if (ShouldRecord(x)) Record(static (_, n) =>
        {
            var dx = n.A!.Grad;
            float g = n.Out.Grad[0] * n.F0;
            for (int i = 0; i < dx.Length; i++) dx[i] += g;
        }, y, x, f0: scale);
        return y;
    }

    /// <summary>Sum over one axis; the axis is removed from the shape.</summary>
    public Tensor Sum(Tensor x, int axis) => SumAxis(x, axis, false, "Sum");

    /// <summary>Mean over one axis; the axis is removed from the shape.</summary>
    public Tensor Mean(Tensor x, int axis) => SumAxis(x, axis, true, "Mean");

    private Tensor SumAxis(Tensor x, int axis, bool mean, string op)
    {
        int ax = ShapeErrors.Axis(op, x, axis);
        var (outer, mid, inner) = ShapeErrors.Split(x, ax);
        if (mean && mid == 0) throw new ArgumentException($"{op}: axis {axis} of shape {Tensor.Format(x.Shape)} is empty");
        Span<int> shape = stackalloc int[x.Rank - 1];
        for (int i = 0, j = 0; i < x.Rank; i++) if (i != ax) shape[j++] = x.Shape[i];
        var y = NewTensor(shape);
        float scale = mean ? 1f / mid : 1f;
        ReadOnlySpan<float> xd = x.Data;
        var yd = y.Data;
        yd.Clear();
        for (int o = 0; o < outer; o++)
        {
            var row = yd.Slice(o * inner, inner);
            for (int c = 0; c < mid; c++) VectorMath.AddInPlace(row, xd.Slice((o * mid + c) * inner, inner));
            if (mean) VectorMath.Affine(row, scale, 0f, row);
        }
        if (ShouldRecord(x)) Record(static (_, n) =>
        {
            var (outer, mid, inner) = ShapeErrors.Split(n.A!, n.I0);
            ReadOnlySpan<float> dy = n.Out.Grad;
            var dx = n.A!.Grad;
            for (int o = 0; o < outer; o++)
            for (int c = 0; c < mid; c++)
                VectorMath.AddScaled(dx.Slice((o * mid + c) * inner, inner), dy.Slice(o * inner, inner), n.F0);
        }, y, x, i0: ax, f0: scale);
        return y;
    }
}
