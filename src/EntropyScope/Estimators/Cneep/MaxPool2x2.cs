using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EntropyScope.Estimators.Cneep;

/// <summary>
/// 2×2 stride-2 max-pool (floor mode) over NCHW planes, with the conv1 bias + ReLU of Table I fused after the max
/// (both monotone, so they commute with it). The forward keeps no argmax: max-pooling of random-looking activations
/// is branch-misprediction bound when it tracks indices, so the backward finds each window's maximum again from the
/// kept input (the same first-strict-maximum rule), only where a gradient arrives.
/// </summary>
internal static unsafe class MaxPool2x2
{
    /// <summary>output[q, oy, ox] = relu?(max of the 2×2 input window + bias[q mod channels]); bias empty: plain max.</summary>
    public static void Forward(ReadOnlySpan<float> input, int planes, int channels, int h, int w, ReadOnlySpan<float> bias, Span<float> output)
    {
        int ho = h / 2, wo = w / 2, planeIn = h * w, planeOut = ho * wo;
        if (input.Length < planes * planeIn || output.Length < planes * planeOut) throw new ArgumentException("pool buffers too small");
        bool relu = !bias.IsEmpty;
        bool avx = Avx2.IsSupported;
        fixed (float* xi = input, yo = output, pb = bias)
        {
            for (int q = 0; q < planes; q++)
            {
                float bv = relu ? pb[q % channels] : 0f;
                var vb = Vector256.Create(bv);
                for (int oy = 0; oy < ho; oy++)
                {
                    float* r0 = xi + q * planeIn + 2 * oy * w, r1 = r0 + w, y = yo + q * planeOut + oy * wo;
                    int ox = 0;
                    if (avx && wo >= 8)
                    {
                        // 8 outputs at a time; the last block overlaps the previous one (same values stored twice)
                        for (int o = 0; ; o += 8)
                        {
                            if (o > wo - 8) o = wo - 8;
                            // vertical max, then the max of adjacent pairs: shuffle evens/odds, restore lane order
                            var v0 = Avx.Max(Avx.LoadVector256(r0 + 2 * o), Avx.LoadVector256(r1 + 2 * o));
                            var v1 = Avx.Max(Avx.LoadVector256(r0 + 2 * o + 8), Avx.LoadVector256(r1 + 2 * o + 8));
                            var m = Avx.Max(Avx.Shuffle(v0, v1, 0b10_00_10_00), Avx.Shuffle(v0, v1, 0b11_01_11_01));
                            m = Avx2.Permute4x64(m.AsDouble(), 0b11_01_10_00).AsSingle();
                            m = Avx.Add(m, vb);
                            if (relu) m = Avx.Max(m, Vector256<float>.Zero);
                            Avx.Store(y + o, m);
                            if (o + 8 >= wo) break;
                        }
                        ox = wo;
                    }
                    for (; ox < wo; ox++)
                    {
                        int j = 2 * ox;
                        float a = r0[j] > r0[j + 1] ? r0[j] : r0[j + 1];
                        float b = r1[j] > r1[j + 1] ? r1[j] : r1[j + 1];
                        float m = (a > b ? a : b) + bv;
                        y[ox] = relu && m < 0f ? 0f : m;
                    }
                }
            }
        }
    }

    /// <summary>
    /// gradInput[argmax of each window] += gradOutput (accumulates; zero gradients skipped); argmax is the first strict
    /// maximum in the order (0,0), (0,1), (1,0), (1,1) of the same input the forward saw.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> input, int planes, int h, int w, ReadOnlySpan<float> gradOutput, Span<float> gradInput)
    {
        int ho = h / 2, wo = w / 2, planeIn = h * w, planeOut = ho * wo;
        if (input.Length < planes * planeIn || gradInput.Length < planes * planeIn || gradOutput.Length < planes * planeOut)
            throw new ArgumentException("pool buffers too small");
        bool avx = Avx2.IsSupported && wo >= 8;
        fixed (float* xi = input, dy = gradOutput, dx = gradInput)
        {
            for (int q = 0; q < planes; q++)
                for (int oy = 0; oy < ho; oy++)
                {
                    if (avx)
                    {
                        BackwardRow(xi + q * planeIn + 2 * oy * w, w, wo, dy + q * planeOut + oy * wo, dx + q * planeIn + 2 * oy * w);
                        continue;
                    }
                    for (int ox = 0; ox < wo; ox++)
                    {
                        float d = dy[q * planeOut + oy * wo + ox];
                        if (d == 0f) continue;
                        int i0 = q * planeIn + 2 * oy * w + 2 * ox, best = i0;
                        float m = xi[i0];
                        if (xi[i0 + 1] > m) { m = xi[i0 + 1]; best = i0 + 1; }
                        if (xi[i0 + w] > m) { m = xi[i0 + w]; best = i0 + w; }
                        if (xi[i0 + w + 1] > m) best = i0 + w + 1;
                        dx[best] += d;
                    }
                }
        }
    }

    /// <summary>
    /// One output row, 8 windows at a time and without branches: in the evens/odds lane order of the forward, each
    /// window's gradient goes to the first of its four inputs equal to the maximum; unpacking restores the input order.
    /// The last block overlaps the previous one, its already-handled lanes masked to zero.
    /// </summary>
    private static void BackwardRow(float* r0, int w, int wo, float* dy, float* dx0)
    {
        float* r1 = r0 + w, dx1 = dx0 + w;
        for (int o = 0, done = 0; ; o += 8)
        {
            if (o > wo - 8) o = wo - 8;
            var a0 = Avx.LoadVector256(r0 + 2 * o); var b0 = Avx.LoadVector256(r0 + 2 * o + 8);
            var a1 = Avx.LoadVector256(r1 + 2 * o); var b1 = Avx.LoadVector256(r1 + 2 * o + 8);
            var x0 = Avx.Shuffle(a0, b0, 0b10_00_10_00); var x1 = Avx.Shuffle(a0, b0, 0b11_01_11_01);
            var x2 = Avx.Shuffle(a1, b1, 0b10_00_10_00); var x3 = Avx.Shuffle(a1, b1, 0b11_01_11_01);
            var m = Avx.Max(Avx.Max(x0, x1), Avx.Max(x2, x3));
            var d = Avx.LoadVector256(dy + o);
            if (done > o) d = Avx.And(d, Avx2.CompareGreaterThan(Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7), Vector256.Create(done - o - 1)).AsSingle());
            d = Avx2.Permute4x64(d.AsDouble(), 0b11_01_10_00).AsSingle();   // to the evens/odds lane order (self-inverse)
            var t0 = Avx.CompareEqual(x0, m);
            var t1 = Avx.AndNot(t0, Avx.CompareEqual(x1, m));
            var taken = Avx.Or(t0, t1);
            var t2 = Avx.AndNot(taken, Avx.CompareEqual(x2, m));
            var t3 = Avx.AndNot(Avx.Or(taken, t2), Vector256<float>.AllBitsSet);
            var g0 = Avx.And(d, t0); var g1 = Avx.And(d, t1); var g2 = Avx.And(d, t2); var g3 = Avx.And(d, t3);
            Avx.Store(dx0 + 2 * o, Avx.Add(Avx.LoadVector256(dx0 + 2 * o), Avx.UnpackLow(g0, g1)));
            Avx.Store(dx0 + 2 * o + 8, Avx.Add(Avx.LoadVector256(dx0 + 2 * o + 8), Avx.UnpackHigh(g0, g1)));
            Avx.Store(dx1 + 2 * o, Avx.Add(Avx.LoadVector256(dx1 + 2 * o), Avx.UnpackLow(g2, g3)));
            Avx.Store(dx1 + 2 * o + 8, Avx.Add(Avx.LoadVector256(dx1 + 2 * o + 8), Avx.UnpackHigh(g2, g3)));
            done = o + 8;
            if (done >= wo) break;
        }
    }
}
