namespace EntropyScope.Tensors;

public sealed partial class Tape
{
    /// <summary>
    /// Mean binary cross-entropy of sigmoid(logits) against targets in [0, 1], computed stably as
    /// max(z, 0) − z·t + log(1 + e^(−|z|)) (torch.nn.BCEWithLogitsLoss). Returns a scalar.
    /// </summary>
    public Tensor BinaryCrossEntropyWithLogits(Tensor logits, Tensor targets)
    {
        ShapeErrors.Same("BinaryCrossEntropyWithLogits", logits, targets);
        if (logits.Length == 0) throw new ArgumentException("BinaryCrossEntropyWithLogits: empty input");
        var y = NewTensor(ReadOnlySpan<int>.Empty);
        ReadOnlySpan<float> z = logits.Data, t = targets.Data;
        double s = 0;
        for (int i = 0; i < z.Length; i++)
            s += Math.Max(z[i], 0) - (double)z[i] * t[i] + Math.Log(1 + Math.Exp(-Math.Abs(z[i])));
        y.Data[0] = (float)(s / z.Length);
        if (ShouldRecord(logits, targets)) Record(static (_, n) =>
        {
            ReadOnlySpan<float> z = n.A!.Data, t = n.B!.Data;
            float g = n.Out.Grad[0] / z.Length;
            if (n.A.RequiresGrad)
            {
                var dz = n.A.Grad;
                for (int i = 0; i < dz.Length; i++) dz[i] += g * (1f / (1f + MathF.Exp(-z[i])) - t[i]);
            }
            if (n.B.RequiresGrad)
            {
                var dt = n.B.Grad;
                for (int i = 0; i < dt.Length; i++) dt[i] -= g * z[i];
            }
        }, y, logits, targets);
        return y;
    }

    /// <summary>Mean squared error (torch.nn.MSELoss, mean reduction). Returns a scalar.</summary>
    public Tensor MseLoss(Tensor prediction, Tensor target)
    {
        ShapeErrors.Same("MseLoss", prediction, target);
        var d = Sub(prediction, target);
        return Mean(Mul(d, d));
    }
}
