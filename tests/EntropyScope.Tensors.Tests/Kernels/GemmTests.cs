using EntropyScope.Tensors.Kernels;

namespace EntropyScope.Tensors.Tests.Kernels;

public class GemmTests
{
    public static IEnumerable<object[]> Isas() =>
        Enum.GetValues<GemmIsa>().Where(GemmIsaInfo.IsSupported).Select(i => new object[] { i });

    // Sizes: 1, odd, prime, exact tile multiples, and just past the MR/NR tiles and the MC (128), KC (256), NC (512) blocks.
    private static readonly (int M, int N, int K)[] Shapes =
    [
        (1, 1, 1), (1, 37, 5), (29, 1, 3), (7, 13, 1), (8, 32, 16), (13, 31, 17), (33, 65, 97),
        (64, 64, 64), (130, 47, 257), (17, 513, 19), (96, 100, 300), (257, 33, 11),
    ];

    [Theory]
    [MemberData(nameof(Isas))]
    internal void EveryShapeTransposeAndAccumulateMatchesTheTwin(GemmIsa isa)
    {
        var rng = new Random(1234 + (int)isa);
        foreach (var (m, n, k) in Shapes)
        foreach (bool transA in new[] { false, true })
        foreach (bool transB in new[] { false, true })
        foreach (bool accumulate in new[] { false, true })
        {
            int workers = 1 + rng.Next(3);
            Check(rng, isa, workers, m, n, k, transA, transB, accumulate, padding: rng.Next(3));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void ThreadCountsGiveTheSameProduct(int workers)
    {
        var rng = new Random(99 + workers);
        foreach (var (m, n, k) in new[] { (200, 150, 90), (9, 700, 40), (301, 7, 65), (128, 128, 128) })
            Check(rng, GemmIsaInfo.Best, workers, m, n, k, rng.Next(2) == 1, rng.Next(2) == 1, rng.Next(2) == 1, padding: 1);
    }

    [Fact]
    public void ZeroInnerDimensionClearsOrKeepsC()
    {
        float[] c = [1, 2, 3, 4];
        Gemm.Multiply(2, 2, 0, [], 1, false, [], 2, false, c, 2, accumulate: true);
        Assert.Equal([1f, 2, 3, 4], c);
        Gemm.Multiply(2, 2, 0, [], 1, false, [], 2, false, c, 2, accumulate: false);
        Assert.Equal([0f, 0, 0, 0], c);
    }

    [Fact]
    public void ShortBufferNamesTheOperandAndShape()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply(3, 4, 5, new float[15], 5, false, new float[19], 4, false, new float[12], 4, false));
        Assert.Contains("B is 5x4", e.Message);
    }

    [Fact]
    public void ResultsAreDeterministicAcrossCalls()
    {
        var rng = new Random(7);
        int m = 150, n = 170, k = 300;
        var a = KernelAssert.Random(rng, m * k);
        var b = KernelAssert.Random(rng, k * n);
        var c1 = new float[m * n];
        var c2 = new float[m * n];
        Gemm.Multiply(m, n, k, a, k, false, b, n, false, c1, n, false);
        Gemm.Multiply(m, n, k, a, k, false, b, n, false, c2, n, false);
        Assert.Equal(c1, c2);
    }

    private static void Check(Random rng, GemmIsa isa, int workers, int m, int n, int k, bool transA, bool transB, bool accumulate,
        int padding)
    {
        int lda = (transA ? m : k) + padding, ldb = (transB ? k : n) + padding, ldc = n + padding;
        var a = KernelAssert.Random(rng, (transA ? k : m) * lda);
        var b = KernelAssert.Random(rng, (transB ? n : k) * ldb);
        var c0 = KernelAssert.Random(rng, m * ldc);
        var expected = (float[])c0.Clone();
        var actual = (float[])c0.Clone();
        GemmReference.Multiply(m, n, k, a, lda, transA, b, ldb, transB, expected, ldc, accumulate);
        Gemm.Multiply(isa, workers, m, n, k, a, lda, transA, b, ldb, transB, actual, ldc, accumulate);

        var bound = new double[actual.Length];
        for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++)
        {
            double absSum = accumulate ? Math.Abs(c0[i * ldc + j]) : 0;
            for (int p = 0; p < k; p++)
                absSum += Math.Abs((double)(transA ? a[p * lda + i] : a[i * lda + p]) * (transB ? b[j * ldb + p] : b[p * ldb + j]));
            bound[i * ldc + j] = (k + 2) * KernelAssert.U * absSum;
        }
        // Padding columns of C (j ≥ n) must be left untouched: their bound is 0.
        KernelAssert.Within(expected, actual, bound,
            $"Gemm {isa} workers={workers} m={m} n={n} k={k} transA={transA} transB={transB} accumulate={accumulate}");
    }
}
