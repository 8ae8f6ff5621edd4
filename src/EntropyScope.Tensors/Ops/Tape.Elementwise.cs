using System.Numerics;

namespace EntropyScope.Tensors;

public sealed partial class Tape
{
    // --- same-shape binary ops ------------------------------------------------------------------------------

    public Tensor Add(Tensor a, Tensor b)
    {
        ShapeErrors.Same("Add", a, b);
        var y = NewTensor(a.Shape);
        VectorMath.Add(a.Data, b.Data, y.Data);
        if (ShouldRecord(a, b)) Record(static (_, n) =>
        {
            if (n.A!.RequiresGrad) VectorMath.AddInPlace(n.A.Grad, n.Out.Grad);
            if (n.B!.RequiresGrad) VectorMath.AddInPlace(n.B.Grad, n.Out.Grad);
        }, y, a, b);
        return y;
    }

    public Tensor Sub(Tensor a, Tensor b)
    {
        ShapeErrors.Same("Sub", a, b);
        var y = NewTensor(a.Shape);
        VectorMath.Subtract(a.Data, b.Data, y.Data);
        if (ShouldRecord(a, b)) Record(static (_, n) =>
        {
            if (n.A!.RequiresGrad) VectorMath.AddInPlace(n.A.Grad, n.Out.Grad);
            if (n.B!.RequiresGrad) VectorMath.AddScaled(n.B.Grad, n.Out.Grad, -1f);
        }, y, a, b);
        return y;
    }

    public Tensor Mul(Tensor a, Tensor b)
    {
        ShapeErrors.Same("Mul", a, b);
        var y = NewTensor(a.Shape);
        VectorMath.Multiply(a.Data, b.Data, y.Data);
        if (ShouldRecord(a, b)) Record(static (_, n) =>
        {
            if (n.A!.RequiresGrad) VectorMath.MultiplyAdd(n.Out.Grad, n.B!.Data, n.A.Grad);
            if (n.B!.RequiresGrad) VectorMath.MultiplyAdd(n.Out.Grad, n.A.Data, n.B.Grad);
        }, y, a, b);
        return y;
    }

    public Tensor Div(Tensor a, Tensor b)
    {
        ShapeErrors.Same("Div", a, b);
        var y = NewTensor(a.Shape);
        VectorMath.Divide(a.Data, b.Data, y.Data);
        if (ShouldRecord(a, b)) Record(static (_, n) =>
        {
            ReadOnlySpan<float> dy = n.Out.Grad, bd = n.B!.Data, yd = n.Out.Data;
            if (n.A!.RequiresGrad) { var da = n.A.Grad; for (int i = 0; i < da.Length; i++) da[i] += dy[i] / bd[i]; }
            if (n.B.RequiresGrad) { var db = n.B.Grad; for (int i = 0; i < db.Length; i++) db[i] -= dy[i] * yd[i] / bd[i]; }
        }, y, a, b);
        return y;
    }

    // --- scalar ops: y = scale·x + shift --------------------------------------------------------------------

    public Tensor Add(Tensor x, float s) => Affine(x, 1f, s);
    public Tensor Sub(Tensor x, float s) => Affine(x, 1f, -s);
    public Tensor Sub(float s, Tensor x) => Affine(x, -1f, s);
    public Tensor Mul(Tensor x, float s) => Affine(x, s, 0f);
    public Tensor Div(Tensor x, float s) => Affine(x, 1f / s, 0f);
    public Tensor Neg(Tensor x) => Affine(x, -1f, 0f);

    /// <summary>y = s / x elementwise.</summary>
    public Tensor Div(float s, Tensor x)
    {
        var y = NewTensor(x.Shape);
        ReadOnlySpan<float> xd = x.Data;
        var yd = y.Data;
        for (int i = 0; i < yd.Length; i++) yd[i] = s / xd[i];
        if (ShouldRecord(x)) Record(static (_, n) =>
        {
            ReadOnlySpan<float> dy = n.Out.Grad, yd = n.Out.Data, xd = n.A!.Data;
            var dx = n.A.Grad;
            for (int i = 0; i < dx.Length; i++) dx[i] -= dy[i] * yd[i] / xd[i];
        }, y, x);
        return y;
    }

    private Tensor Affine(Tensor x, float scale, float shift)
    {
        var y = NewTensor(x.Shape);
        VectorMath.Affine(x.Data, scale, shift, y.Data);
        if (ShouldRecord(x)) Record(static (_, n) => VectorMath.AddScaled(n.A!.Grad, n.Out.Grad, n.F0), y, x, f0: scale);
        return y;
    }

    // --- bias broadcasting: a vector along one named axis ----------------------------------------------------

    /// <summary>y = x + b with b [x.Shape[axis]] broadcast over every other axis (default: the last).</summary>
    public Tensor AddBias(Tensor x, Tensor bias, int axis = -1) => Bias(x, bias, axis, BiasKind.Add, "AddBias");
    /// <summary>y = x − b with b broadcast along <paramref name="axis"/>.</summary>
    public Tensor SubBias(Tensor x, Tensor bias, int axis = -1) => Bias(x, bias, axis, BiasKind.Sub, "SubBias");
    /// <summary>y = x · b with b broadcast along <paramref name="axis"/> (per-channel scale).</summary>
    public Tensor MulBias(Tensor x, Tensor bias, int axis = -1) => Bias(x, bias, axis, BiasKind.Mul, "MulBias");
    /// <summary>y = x / b with b broadcast along <paramref name="axis"/> (per-channel normalisation).</summary>
    public Tensor DivBias(Tensor x, Tensor bias, int axis = -1) => Bias(x, bias, axis, BiasKind.Div, "DivBias");

    private enum BiasKind { Add, Sub, Mul, Div }

    private Tensor Bias(Tensor x, Tensor bias, int axis, BiasKind kind, string op)
    {
        int ax = ShapeErrors.Axis(op, x, axis);
        if (bias.Rank != 1 || bias.Shape[0] != x.Shape[ax])
            ShapeErrors.Fail(op, $"bias must be a vector of length x.Shape[{ax}]", x, bias);
        var (outer, mid, inner) = ShapeErrors.Split(x, ax);
        var y = NewTensor(x.Shape);
        ReadOnlySpan<float> xd = x.Data, bd = bias.Data;
        var yd = y.Data;
        bool rowWise = inner == 1 && kind != BiasKind.Div;
        if (!rowWise)
        for (int o = 0; o < outer; o++)
        for (int c = 0; c < mid; c++)
        {
            int off = (o * mid + c) * inner;
            float b = bd[c];
            var xs = xd.Slice(off, inner);
            var ys = yd.Slice(off, inner);
            switch (kind)
            {
                case BiasKind.Add: VectorMath.Affine(xs, 1f, b, ys); break;
                case BiasKind.Sub: VectorMath.Affine(xs, 1f, -b, ys); break;
                case BiasKind.Mul: VectorMath.Affine(xs, b, 0f, ys); break;
                default: for (int i = 0; i < inner; i++) ys[i] = xs[i] / b; break;
            }
        }
        else
        {
            // Bias along the last axis: vectorise along rows instead of per element.
            for (int o = 0; o < outer; o++)
            {
                var xs = xd.Slice(o * mid, mid);
                var ys = yd.Slice(o * mid, mid);
                if (kind == BiasKind.Add) VectorMath.Add(xs, bd, ys);
                else if (kind == BiasKind.Sub) VectorMath.Subtract(xs, bd, ys);
                else VectorMath.Multiply(xs, bd, ys);
            }
        }
        if (ShouldRecord(x, bias)) Record(static (_, n) =>
        {
            Tensor x = n.A!, b = n.B!, y = n.Out;
            var kind = (BiasKind)n.I0;
            var (outer, mid, inner) = ShapeErrors.Split(x, n.I1);
            ReadOnlySpan<float> dy = y.Grad, xd = x.Data, bd = b.Data, yd = y.Data;
            Span<float> dx = x.RequiresGrad ? x.Grad : default;
            Span<float> db = b.RequiresGrad ? b.Grad : default;
            if (inner == 1 && kind != BiasKind.Div)
            {
                for (int o = 0; o < outer; o++)
                {
                    var g = dy.Slice(o * mid, mid);
                    if (!dx.IsEmpty)
                    {
                        if (kind == BiasKind.Mul) VectorMath.MultiplyAdd(g, bd, dx.Slice(o * mid, mid));
                        else VectorMath.AddInPlace(dx.Slice(o * mid, mid), g);
                    }
                    if (!db.IsEmpty)
                    {
                        if (kind == BiasKind.Add) VectorMath.AddInPlace(db, g);
                        else if (kind == BiasKind.Sub) VectorMath.AddScaled(db, g, -1f);
                        else VectorMath.MultiplyAdd(g, xd.Slice(o * mid, mid), db);
                    }
                }
                return;
            }
            for (int o = 0; o < outer; o++)
            for (int c = 0; c < mid; c++)
            {
                int off = (o * mid + c) * inner;
                var g = dy.Slice(off, inner);
                float bc = bd[c];
                if (!dx.IsEmpty)
                {
                    var dxs = dx.Slice(off, inner);
                    switch (kind)
                    {
                        case BiasKind.Add: case BiasKind.Sub: VectorMath.AddInPlace(dxs, g); break;
                        case BiasKind.Mul: VectorMath.AddScaled(dxs, g, bc); break;
                        default: VectorMath.AddScaled(dxs, g, 1f / bc); break;
                    }
                }
                if (!db.IsEmpty)
                {
                    double s = 0;
                    switch (kind)
                    {
                        case BiasKind.Add: s = VectorMath.Sum(g); break;
                        case BiasKind.Sub: s = -VectorMath.Sum(g); break;
                        case BiasKind.Mul: s = Dot(g, xd.Slice(off, inner)); break;
                        default: s = -Dot(g, yd.Slice(off, inner)) / bc; break;
                    }
                    db[c] += (float)s;
                }
            }
        }, y, x, bias, i0: (int)kind, i1: ax);
        return y;
    }

    private static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int i = 0, w = Vector<float>.Count;
        var acc = Vector<float>.Zero;
        for (; i <= a.Length - w; i += w) acc += new Vector<float>(a[i..]) * new Vector<float>(b[i..]);
        double s = Vector.Sum(acc);
        for (; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }
}
