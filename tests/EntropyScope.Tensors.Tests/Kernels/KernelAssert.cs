namespace EntropyScope.Tensors.Tests.Kernels;

/// <summary>Helpers for comparing fast kernels with their reference twins.</summary>
internal static class KernelAssert
{
    /// <summary>Unit roundoff of float32 (2⁻²⁴).</summary>
    public const double U = 1.0 / (1 << 24);

    /// <summary>Element-wise bound on the float32 rounding error of a sum of <paramref name="terms"/> products whose
    /// absolute values sum to absSum (plus |initial| for accumulating kernels): (terms + 2)·u·Σ|·|.</summary>
    public static double[] Bound(float[] absSum, float[]? initial, int terms)
    {
        var bound = new double[absSum.Length];
        for (int i = 0; i < bound.Length; i++)
            bound[i] = (terms + 2) * U * (absSum[i] + (initial == null ? 0 : Math.Abs(initial[i]))) * 1.0001;
        return bound;
    }

    public static float[] Abs(float[] x) => x.Select(Math.Abs).ToArray();

    public static float[] Random(Random rng, int length, float scale = 1f)
    {
        var x = new float[length];
        for (int i = 0; i < length; i++) x[i] = (float)(rng.NextDouble() * 2 - 1) * scale;
        return x;
    }

    /// <summary>
    /// Asserts |actual − expected| ≤ bound[i] elementwise. The bounds come from the standard floating-point
    /// summation bound: a float32 sum of n products, in any order and with FMA or not, errs by at most
    /// γₙ·Σ|aᵢbᵢ| with γₙ ≈ n·u; the reference (float64, rounded once) is exact to within u·|value|.
    /// </summary>
    public static void Within(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, ReadOnlySpan<double> bound, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double err = Math.Abs((double)expected[i] - actual[i]);
            if (!(err <= bound[i]))
                Assert.Fail($"{what}: element {i} expected {expected[i]} got {actual[i]} (|err| {err:g3} > bound {bound[i]:g3})");
        }
    }
}
