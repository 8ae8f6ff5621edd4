namespace EntropyScope.Tensors;

public sealed partial class Tape
{
    /// <summary>Same values in a new shape (one dimension may be −1, inferred). Copies: tape tensors never alias.</summary>
    public Tensor Reshape(Tensor x, params ReadOnlySpan<int> shape)
    {
        Span<int> s = stackalloc int[shape.Length];
        shape.CopyTo(s);
        int infer = -1;
        long known = 1;
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == -1)
            {
                if (infer >= 0) throw new ArgumentException($"Reshape: more than one −1 in target shape {Tensor.Format(s)}");
                infer = i;
            }
            else known *= s[i];
        }
        if (infer >= 0 && known > 0 && x.Length % known == 0) s[infer] = (int)(x.Length / known);
        if (Tensor.CheckedLength(s) != x.Length || (infer >= 0 && known == 0))
            throw new ArgumentException($"Reshape: cannot view shape {Tensor.Format(x.Shape)} ({x.Length} values) as {Tensor.Format(shape)}");
        var y = NewTensor(s);
        x.Data.CopyTo(y.Data);
        if (ShouldRecord(x)) Record(static (_, n) => VectorMath.AddInPlace(n.A!.Grad, n.Out.Grad), y, x);
        return y;
    }

    /// <summary>[N, ...] → [N, product of the rest].</summary>
    public Tensor Flatten(Tensor x)
    {
        if (x.Rank < 1) throw new ArgumentException($"Flatten: needs at least one axis but got shape {Tensor.Format(x.Shape)}");
        int n = x.Shape[0];
        return Reshape(x, n, n == 0 ? 0 : x.Length / n);
    }

    /// <summary>Elements [start, start + length) along <paramref name="axis"/>.</summary>
    public Tensor Slice(Tensor x, int axis, int start, int length)
    {
        int ax = ShapeErrors.Axis("Slice", x, axis);
        if (start < 0 || length < 0 || start + length > x.Shape[ax])
            throw new ArgumentException($"Slice: range [{start}, {start + length}) is outside axis {ax} of shape {Tensor.Format(x.Shape)}");
        var (outer, mid, inner) = ShapeErrors.Split(x, ax);
        Span<int> shape = stackalloc int[x.Rank];
        x.Shape.CopyTo(shape);
        shape[ax] = length;
        var y = NewTensor(shape);
        ReadOnlySpan<float> xd = x.Data;
        var yd = y.Data;
        for (int o = 0; o < outer; o++)
            xd.Slice((o * mid + start) * inner, length * inner).CopyTo(yd.Slice(o * length * inner, length * inner));
        if (ShouldRecord(x)) Record(static (_, n) =>
        {
            var (outer, mid, inner) = ShapeErrors.Split(n.A!, n.I0);
            int start = n.I1, length = n.I2;
            ReadOnlySpan<float> dy = n.Out.Grad;
            var dx = n.A!.Grad;
            for (int o = 0; o < outer; o++)
                VectorMath.AddInPlace(dx.Slice((o * mid + start) * inner, length * inner), dy.Slice(o * length * inner, length * inner));
        }, y, x, i0: ax, i1: start, i2: length);
        return y;
    }

    /// <summary>x[..., index, ...] along <paramref name="axis"/>, with that axis removed (e.g. the last time step).</summary>
    public Tensor Select(Tensor x, int axis, int index)
    {
        int ax = ShapeErrors.Axis("Select", x, axis);
        var sliced = Slice(x, ax, index, 1);
        Span<int> shape = stackalloc int[x.Rank - 1];
        for (int i = 0, j = 0; i < x.Rank; i++) if (i != ax) shape[j++] = x.Shape[i];
        return Reshape(sliced, shape);
    }

    /// <summary>Concatenates along <paramref name="axis"/>; all other dimensions must agree.</summary>
    public Tensor Concat(int axis, params Tensor[] parts)
    {
        if (parts.Length == 0) throw new ArgumentException("Concat: no tensors");
        var first = parts[0];
        int ax = ShapeErrors.Axis("Concat", first, axis);
        int total = 0;
        foreach (var p in parts)
        {
            bool ok = p.Rank == first.Rank;
            for (int i = 0; ok && i < p.Rank; i++) ok = i == ax || p.Shape[i] == first.Shape[i];
            if (!ok) ShapeErrors.Fail("Concat", $"dimensions other than axis {ax} differ", first, p);
            total += p.Shape[ax];
        }
        Span<int> shape = stackalloc int[first.Rank];
        first.Shape.CopyTo(shape);
        shape[ax] = total;
        var y = NewTensor(shape);
        var (outer, _, inner) = ShapeErrors.Split(first, ax);
        var yd = y.Data;
        int offset = 0;
        bool anyGrad = false;
        foreach (var p in parts)
        {
            int len = p.Shape[ax] * inner;
            ReadOnlySpan<float> pd = p.Data;
            for (int o = 0; o < outer; o++) pd.Slice(o * len, len).CopyTo(yd.Slice(o * total * inner + offset, len));
            offset += len;
            anyGrad |= p.RequiresGrad;
        }
        if (IsRecording && anyGrad) Record(static (_, n) =>
        {
            var parts = (Tensor[])n.State!;
            var (outer, _, inner) = ShapeErrors.Split(parts[0], n.I0);
            int total = n.Out.Shape[n.I0];
            ReadOnlySpan<float> dy = n.Out.Grad;
            int offset = 0;
            foreach (var p in parts)
            {
                int len = p.Shape[n.I0] * inner;
                if (p.RequiresGrad)
                {
                    var dp = p.Grad;
                    for (int o = 0; o < outer; o++) VectorMath.AddInPlace(dp.Slice(o * len, len), dy.Slice(o * total * inner + offset, len));
                }
                offset += len;
            }
        }, y, state: parts.Clone(), i0: ax);
        return y;
    }

    /// <summary>Reverses the order along <paramref name="axis"/> (time reversal of [B, T, ...] sequences with axis 1).</summary>
    public Tensor Flip(Tensor x, int axis)
    {
        int ax = ShapeErrors.Axis("Flip", x, axis);
        var y = NewTensor(x.Shape);
        FlipCopy(x.Data, y.Data, ShapeErrors.Split(x, ax), accumulate: false);
        if (ShouldRecord(x)) Record(static (_, n) => FlipCopy(n.Out.Grad, n.A!.Grad, ShapeErrors.Split(n.A!, n.I0), accumulate: true), y, x, i0: ax);
        return y;
    }

    private static void FlipCopy(ReadOnlySpan<float> src, Span<float> dst, (int Outer, int Mid, int Inner) s, bool accumulate)
    {
        var (outer, mid, inner) = s;
        for (int o = 0; o < outer; o++)
        for (int c = 0; c < mid; c++)
        {
            var from = src.Slice((o * mid + c) * inner, inner);
            var to = dst.Slice((o * mid + mid - 1 - c) * inner, inner);
            if (accumulate) VectorMath.AddInPlace(to, from);
            else from.CopyTo(to);
        }
    }
}
