using EntropyScope.Tensors.Kernels;

namespace EntropyScope.Tensors;

public sealed partial class Tape
{
    /// <summary>C = A·B for A [m, k] and B [k, n].</summary>
    public Tensor MatMul(Tensor a, Tensor b)
    {
        const string op = "MatMul";
        ShapeErrors.Rank(op, "left operand", a, 2);
        ShapeErrors.Rank(op, "right operand", b, 2);
        if (a.Shape[1] != b.Shape[0]) ShapeErrors.Fail(op, "inner dimensions differ", a, b);
        int m = a.Shape[0], k = a.Shape[1], n = b.Shape[1];
        var c = NewTensor(m, n);
        Gemm.Multiply(m, n, k, a.Data, k, false, b.Data, n, false, c.Data, n, accumulate: false);
        if (ShouldRecord(a, b)) Record(static (_, node) =>
        {
            Tensor a = node.A!, b = node.B!, c = node.Out;
            int m = a.Shape[0], k = a.Shape[1], n = b.Shape[1];
            if (a.RequiresGrad) Gemm.Multiply(m, k, n, c.Grad, n, false, b.Data, n, true, a.Grad, k, accumulate: true);  // dA += dC·Bᵀ
            if (b.RequiresGrad) Gemm.Multiply(k, n, m, a.Data, k, true, c.Grad, n, false, b.Grad, n, accumulate: true);  // dB += Aᵀ·dC
        }, c, a, b);
        return c;
    }

    /// <summary>
    /// y = x·Wᵀ + b (torch.nn.functional.linear) for x [..., in], W [out, in], b [out] or null; leading axes are
    /// flattened into rows. With <paramref name="relu"/> the ReLU is fused into the same pass.
    /// </summary>
    public Tensor Linear(Tensor x, Tensor weight, Tensor? bias = null, bool relu = false)
    {
        const string op = "Linear";
        ShapeErrors.Rank(op, "weight", weight, 2);
        if (x.Rank < 1 || x.Shape[^1] != weight.Shape[1]) ShapeErrors.Fail(op, "input features differ from weight columns", x, weight);
        if (bias != null && (bias.Rank != 1 || bias.Shape[0] != weight.Shape[0])) ShapeErrors.Fail(op, "bias must be [out]", weight, bias);
        int inF = weight.Shape[1], outF = weight.Shape[0], rows = x.Length / Math.Max(1, inF);
        Span<int> shape = stackalloc int[x.Rank];
        x.Shape.CopyTo(shape);
        shape[^1] = outF;
        var y = NewTensor(shape);
        var yd = y.Data;
        if (bias != null) { var bd = bias.Data; for (int r = 0; r < rows; r++) bd.CopyTo(yd.Slice(r * outF, outF)); }
        Gemm.Multiply(rows, outF, inF, x.Data, inF, false, weight.Data, inF, true, yd, outF, accumulate: bias != null);
        if (relu) Activations.Relu(yd, yd);
        if (ShouldRecord(x, weight, bias)) Record(static (tape, node) =>
        {
            Tensor x = node.A!, w = node.B!, y = node.Out;
            Tensor? b = node.C;
            int inF = w.Shape[1], outF = w.Shape[0], rows = x.Length / Math.Max(1, inF);
            ReadOnlySpan<float> dy = y.Grad;
            if (node.I0 == 1)
            {
                // Fused ReLU: mask the incoming gradient by the output's sign into scratch.
                var masked = tape.Scratch(y.Length).AsSpan(0, y.Length);
                masked.Clear();
                Activations.ReluBackward(y.Data, dy, masked);
                dy = masked;
            }
            if (x.RequiresGrad) Gemm.Multiply(rows, inF, outF, dy, outF, false, w.Data, inF, false, x.Grad, inF, accumulate: true);
            if (w.RequiresGrad) Gemm.Multiply(outF, inF, rows, dy, outF, true, x.Data, inF, false, w.Grad, inF, accumulate: true);
            if (b is { RequiresGrad: true }) VectorMath.AddColumnSums(dy, rows, outF, b.Grad);
        }, y, x, weight, bias, i0: relu ? 1 : 0);
        return y;
    }
}
