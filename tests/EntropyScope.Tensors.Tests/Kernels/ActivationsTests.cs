using EntropyScope.Tensors.Kernels;

namespace EntropyScope.Tensors.Tests.Kernels;

public class ActivationsTests
{
    private delegate void Unary(ReadOnlySpan<float> x, Span<float> y);
    private delegate void Backward(ReadOnlySpan<float> v, ReadOnlySpan<float> g, Span<float> dx);

    // Lengths: 0, 1, odd, one short of and one past a vector, large prime.
    private static readonly int[] Lengths = [0, 1, 7, 8, 9, 31, 1009];

    [Theory]
    [InlineData("relu")]
    [InlineData("sigmoid")]
    [InlineData("tanh")]
    [InlineData("exp")]
    [InlineData("log")]
    public void ForwardAndBackwardMatchTheTwin(string name)
    {
        var (fast, twin, fastBack, twinBack, positive) = name switch
        {
            "relu" => ((Unary)Activations.Relu, (Unary)ActivationsReference.Relu, (Backward)Activations.ReluBackward, (Backward)ActivationsReference.ReluBackward, false),
            "sigmoid" => (Activations.Sigmoid, ActivationsReference.Sigmoid, Activations.SigmoidBackward, ActivationsReference.SigmoidBackward, false),
            "tanh" => (Activations.Tanh, ActivationsReference.Tanh, Activations.TanhBackward, ActivationsReference.TanhBackward, false),
            "exp" => (Activations.Exp, ActivationsReference.Exp, Activations.ExpBackward, ActivationsReference.ExpBackward, false),
            _ => (Activations.Log, ActivationsReference.Log, Activations.LogBackward, ActivationsReference.LogBackward, true),
        };
        var rng = new Random(name.Length);
        foreach (int n in Lengths)
        {
            // Inputs span the saturating ranges (|x| up to 20) and include exact zeros.
            var x = KernelAssert.Random(rng, n, 20f);
            if (positive) for (int i = 0; i < n; i++) x[i] = Math.Abs(x[i]) + 1e-3f;
            if (n > 3 && !positive) x[2] = 0;
            var (ey, ay) = (new float[n], new float[n]);
            twin(x, ey);
            fast(x, ay);
            // A few float32 ulps relative, plus 2e-7 absolute for tanh/sigmoid near their saturation and zero.
            var bound = ey.Select(v => 4 * KernelAssert.U * Math.Abs(v) * 4 + 2e-7).ToArray();
            KernelAssert.Within(ey, ay, bound, $"{name} forward n={n}");

            var v = name == "log" ? x : ey;
            var dy = KernelAssert.Random(rng, n);
            var dx0 = KernelAssert.Random(rng, n);
            var (edx, adx) = ((float[])dx0.Clone(), (float[])dx0.Clone());
            twinBack(v, dy, edx);
            fastBack(v, dy, adx);
            var boundBack = edx.Select((e, i) => 8 * KernelAssert.U * (Math.Abs(e) + Math.Abs(dx0[i]) + Math.Abs(edx[i] - dx0[i])) + 1e-30).ToArray();
            KernelAssert.Within(edx, adx, boundBack, $"{name} backward n={n}");
        }
    }

    [Fact]
    public void ForwardMayRunInPlace()
    {
        float[] x = [-1, 2, -3, 4, -5, 6, -7, 8, -9];
        Activations.Relu(x, x);
        Assert.Equal([0f, 2, 0, 4, 0, 6, 0, 8, 0], x);
    }

    [Fact]
    public void LengthMismatchIsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => Activations.Sigmoid(new float[3], new float[4]));
        Assert.Contains("Activations.Sigmoid", e.Message);
    }
}
