using EntropyScope.Tensors.Kernels;

namespace EntropyScope.Tensors;

public sealed partial class Tape
{
    public Tensor Relu(Tensor x)
    {
        var y = NewTensor(x.Shape);
        Activations.Relu(x.Data, y.Data);
        if (ShouldRecord(x)) Record(static (_, n) => Activations.ReluBackward(n.Out.Data, n.Out.Grad, n.A!.Grad), y, x);
        return y;
    }

    public Tensor Sigmoid(Tensor x)
    {
        var y = NewTensor(x.Shape);
        Activations.Sigmoid(x.Data, y.Data);
        if (ShouldRecord(x)) Record(static (_, n) => Activations.SigmoidBackward(n.Out.Data, n.Out.Grad, n.A!.Grad), y, x);
        return y;
    }

    public Tensor Tanh(Tensor x)
    {
        var y = NewTensor(x.Shape);
        Activations.Tanh(x.Data, y.Data);
        if (ShouldRecord(x)) Record(static (_, n) => Activations.TanhBackward(n.Out.Data, n.Out.Grad, n.A!.Grad), y, x);
        return y;
    }

    public Tensor Exp(Tensor x)
    {
        var y = NewTensor(x.Shape);
        Activations.Exp(x.Data, y.Data);
        if (ShouldRecord(x)) Record(static (_, n) => Activations.ExpBackward(n.Out.Data, n.Out.Grad, n.A!.Grad), y, x);
        return y;
    }

    /// <summary>Natural logarithm (x ≤ 0 gives −∞/NaN as in IEEE; guard inputs upstream).</summary>
    public Tensor Log(Tensor x)
    {
        var y = NewTensor(x.Shape);
        Activations.Log(x.Data, y.Data);
        if (ShouldRecord(x)) Record(static (_, n) => Activations.LogBackward(n.A!.Data, n.Out.Grad, n.A!.Grad), y, x);
        return y;
    }
}
