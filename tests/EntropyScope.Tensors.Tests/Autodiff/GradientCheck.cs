namespace EntropyScope.Tensors.Tests.Autodiff;

/// <summary>
/// Central finite differences against the tape's backward pass. The scalar probed is f = Σ rᵢ·yᵢ with fixed random
/// weights r, accumulated in float64 from the float32 outputs; the analytic side is Backward(y, seed = r).
/// Tolerance: float32 outputs carry relative rounding ~6e-8 per op; over a few dozen ops and |f| ≲ 10 the
/// rounding in f stays ≲ 1e-5, which divided by 2h (h = 1e-2 on O(1) inputs) gives ≲ 1e-3 of noise; the truncation
/// error h²·f‴/6 is ~1e-5. So |analytic − numeric| ≤ 3e-3 + 3e-2·|numeric| separates bugs (O(1) errors) from noise.
/// </summary>
internal static class GradientCheck
{
    public static void Run(Func<Tape, Tensor> forward, params Tensor[] inputs) => Run(forward, 1e-2f, inputs);

    public static void Run(Func<Tape, Tensor> forward, float h, params Tensor[] inputs)
    {
        var tape = new Tape();
        var rng = new Random(12345);
        foreach (var t in inputs) { t.RequiresGrad = true; t.ZeroGrad(); }
        var y = forward(tape);
        var r = new float[y.Length];
        for (int i = 0; i < r.Length; i++) r[i] = (float)(rng.NextDouble() * 2 - 1);
        tape.Backward(y, r);
        var analytic = inputs.Select(t => t.Grad.ToArray()).ToArray();

        for (int k = 0; k < inputs.Length; k++)
        {
            var data = inputs[k].Data;
            var indices = Enumerable.Range(0, data.Length).ToArray();
            if (indices.Length > 48) indices = indices.OrderBy(_ => rng.Next()).Take(48).ToArray();
            foreach (int i in indices)
            {
                float saved = data[i];
                data[i] = saved + h;
                double fPlus = Probe(tape, forward, r);
                data[i] = saved - h;
                double fMinus = Probe(tape, forward, r);
                data[i] = saved;
                double numeric = (fPlus - fMinus) / (2.0 * h);
                double a = analytic[k][i];
                Assert.True(Math.Abs(a - numeric) <= 3e-3 + 3e-2 * Math.Abs(numeric),
                    $"input {k} element {i}: analytic {a:G6} vs numeric {numeric:G6}");
            }
        }
    }

    private static double Probe(Tape tape, Func<Tape, Tensor> forward, float[] r)
    {
        tape.Reset();
        tape.IsRecording = false;
        try
        {
            var y = forward(tape);
            double f = 0;
            var d = y.Data;
            for (int i = 0; i < d.Length; i++) f += (double)r[i] * d[i];
            return f;
        }
        finally { tape.IsRecording = true; }
    }

    public static Tensor Random(int seed, float scale, params int[] shape)
    {
        var rng = new Random(seed);
        var t = Tensor.Zeros(shape);
        var d = t.Data;
        for (int i = 0; i < d.Length; i++) d[i] = (float)(rng.NextDouble() * 2 - 1) * scale;
        return t;
    }

    /// <summary>Random values with |x| ≥ 0.2, so a ±h probe never crosses a kink at 0.</summary>
    public static Tensor AwayFromZero(int seed, params int[] shape)
    {
        var rng = new Random(seed);
        var t = Tensor.Zeros(shape);
        var d = t.Data;
        for (int i = 0; i < d.Length; i++) d[i] = (float)((0.2 + rng.NextDouble()) * (rng.Next(2) == 0 ? -1 : 1));
        return t;
    }
}
