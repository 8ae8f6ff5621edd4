using EntropyScope.Estimators.Cneep;

namespace EntropyScope.Tests.Estimators.Cneep;

/// <summary>The vectorised pool against a plain loop: every row width (vector blocks, overlapping tails, scalar), with ties.</summary>
public class MaxPool2x2Tests
{
    [Fact]
    public void Forward_and_backward_match_a_plain_loop()
    {
        var rng = new Random(8);
        for (int w = 2; w <= 41; w++)
            foreach (int h in new[] { 2, 5, 6 })
            {
                const int planes = 3, channels = 2;
                int ho = h / 2, wo = w / 2;
                // values on a coarse grid so that windows often hold ties (the first maximum must win)
                var x = Enumerable.Range(0, planes * h * w).Select(_ => (float)rng.Next(-3, 4)).ToArray();
                var bias = new[] { 0.5f, -1.5f };
                var dy = Enumerable.Range(0, planes * ho * wo).Select(i => i % 3 == 0 ? 0f : (float)rng.NextDouble() - 0.5f).ToArray();
                var y = new float[planes * ho * wo];
                var dx = Enumerable.Repeat(0.25f, x.Length).ToArray();   // Backward accumulates
                MaxPool2x2.Forward(x, planes, channels, h, w, bias, y);
                MaxPool2x2.Backward(x, planes, h, w, dy, dx);
                var expectDx = Enumerable.Repeat(0.25f, x.Length).ToArray();
                for (int q = 0; q < planes; q++)
                    for (int oy = 0; oy < ho; oy++)
                        for (int ox = 0; ox < wo; ox++)
                        {
                            int best = -1; float m = float.NegativeInfinity;
                            foreach (var (dyy, dxx) in new[] { (0, 0), (0, 1), (1, 0), (1, 1) })
                            {
                                int i = q * h * w + (2 * oy + dyy) * w + 2 * ox + dxx;
                                if (x[i] > m) { m = x[i]; best = i; }
                            }
                            int o = q * ho * wo + oy * wo + ox;
                            Assert.Equal(Math.Max(0f, m + bias[q % channels]), y[o]);
                            expectDx[best] += dy[o];
                        }
                Assert.Equal(expectDx, dx);
            }
    }
}
