using EntropyScope.Tensors.Kernels;

namespace EntropyScope.Tensors;

public sealed partial class Tape
{
    /// <summary>
    /// 2-D convolution (torch.nn.functional.conv2d, square kernel, symmetric zero padding) of x [N, Cin, H, W]
    /// with weight [Cout, Cin, k, k] and bias [Cout] or null → [N, Cout, Ho, Wo]. <paramref name="relu"/> fuses a ReLU.
    /// </summary>
    public Tensor Conv2d(Tensor x, Tensor weight, Tensor? bias, int stride = 1, int padding = 0, bool relu = false)
    {
        const string op = "Conv2d";
        ShapeErrors.Rank(op, "input", x, 4);
        ShapeErrors.Rank(op, "weight", weight, 4);
        if (weight.Shape[2] != weight.Shape[3]) throw new ArgumentException($"{op}: only square kernels are supported but weight is {Tensor.Format(weight.Shape)}");
        if (x.Shape[1] != weight.Shape[1]) ShapeErrors.Fail(op, "input channels differ from weight channels", x, weight);
        if (bias != null && (bias.Rank != 1 || bias.Shape[0] != weight.Shape[0])) ShapeErrors.Fail(op, "bias must be [Cout]", weight, bias);
        int k = weight.Shape[2];
        if (x.Shape[2] + 2 * padding < k || x.Shape[3] + 2 * padding < k)
            ShapeErrors.Fail(op, $"kernel {k} with padding {padding} does not fit the input", x, weight);
        var g = new Conv2dGeometry(x.Shape[1], weight.Shape[0], x.Shape[2], x.Shape[3], k, stride, padding);
        int batch = x.Shape[0];
        var y = NewTensor(batch, g.OutChannels, g.OutHeight, g.OutWidth);
        Conv2dKernels.Forward(g, batch, x.Data, weight.Data, bias != null ? bias.Data : default, y.Data, relu);
        if (ShouldRecord(x, weight, bias)) Record(static (tape, n) =>
        {
            Tensor x = n.A!, w = n.B!, y = n.Out;
            Tensor? b = n.C;
            var g = new Conv2dGeometry(x.Shape[1], w.Shape[0], x.Shape[2], x.Shape[3], w.Shape[2], n.I0, n.I1);
            int batch = x.Shape[0];
            ReadOnlySpan<float> dy = y.Grad;
            if (n.I2 == 1)
            {
                var masked = tape.Scratch(y.Length).AsSpan(0, y.Length);
                masked.Clear();
                Activations.ReluBackward(y.Data, dy, masked);
                dy = masked;
            }
            if (w.RequiresGrad || (b?.RequiresGrad ?? false))
            {
                // The kernel accumulates both; a bias that needs no gradient gets a throw-away buffer.
                Span<float> dw = w.RequiresGrad ? w.Grad : tape.Scratch(w.Length).AsSpan(0, w.Length);
                Span<float> db = b == null ? default : b.RequiresGrad ? b.Grad : tape.Scratch(b.Length).AsSpan(0, b.Length);
                Conv2dKernels.BackwardWeights(g, batch, x.Data, dy, dw, db);
            }
            if (x.RequiresGrad)
            {
                // BackwardData overwrites: write into scratch, then accumulate.
                var dx = tape.Scratch(x.Length).AsSpan(0, x.Length);
                Conv2dKernels.BackwardData(g, batch, dy, w.Data, dx);
                VectorMath.AddInPlace(x.Grad, dx);
            }
        }, y, x, weight, bias, i0: stride, i1: padding, i2: relu ? 1 : 0);
        return y;
    }

    /// <summary>Max pooling of x [N, C, H, W] with a square window (floor mode, no padding; stride defaults to the kernel).</summary>
    public Tensor MaxPool2d(Tensor x, int kernel, int stride = 0)
    {
        const string op = "MaxPool2d";
        ShapeErrors.Rank(op, "input", x, 4);
        if (stride == 0) stride = kernel;
        if (kernel < 1 || stride < 1 || kernel > x.Shape[2] || kernel > x.Shape[3])
            throw new ArgumentException($"{op}: kernel {kernel} / stride {stride} do not fit input {Tensor.Format(x.Shape)}");
        int planes = x.Shape[0] * x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        int ho = (h - kernel) / stride + 1, wo = (w - kernel) / stride + 1;
        var y = NewTensor(x.Shape[0], x.Shape[1], ho, wo);
        var argmax = IntScratch(y.Length);
        MaxPool2dKernels.Forward(planes, h, w, kernel, stride, x.Data, y.Data, argmax.AsSpan(0, y.Length));
        if (ShouldRecord(x)) Record(static (_, n) =>
        {
            var x = n.A!;
            int planes = x.Shape[0] * x.Shape[1];
            MaxPool2dKernels.Backward(n.Out.Grad, ((int[])n.State!).AsSpan(0, n.Out.Length), planes, x.Shape[2] * x.Shape[3], x.Grad);
        }, y, x, state: argmax);
        return y;
    }
}
