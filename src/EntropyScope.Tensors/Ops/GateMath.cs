using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace EntropyScope.Tensors;

/// <summary>
/// Fused per-row gate math of the GRU and LSTM cells (PyTorch equations and gate order), one pass over the
/// hidden units of one sequence at one time step. Vector256 with a scalar tail.
/// </summary>
internal static class GateMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Sigmoid(Vector256<float> x) => Vector256<float>.One / (Vector256<float>.One + Vector256.Exp(-x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Tanh(Vector256<float> x)
    {
        // tanh x = sign(x)·(1 − 2/(e^{2|x|} + 1)): no overflow, no cancellation for large |x|.
        var two = Vector256.Create(2f);
        var t = Vector256<float>.One - two / (Vector256.Exp(two * Vector256.Abs(x)) + Vector256<float>.One);
        return t | (x & Vector256.Create(-0f));
    }

    private static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    /// <summary>
    /// GRU step (torch.nn.GRU): r = σ(xr + hr), z = σ(xz + hz), n = tanh(xn + r⊙hn), h = (1 − z)⊙n + z⊙h₋.
    /// <paramref name="xp"/> holds the input projections [xr, xz, xn], <paramref name="hp"/> the hidden projections
    /// [hr, hz, hn] (biases included); [r, z, n] go to <paramref name="gates"/> (may alias xp) and hn is saved for
    /// backward. An empty <paramref name="hPrev"/> means h₋ = 0.
    /// </summary>
    public static void GruForward(ReadOnlySpan<float> xp, Span<float> gates, ReadOnlySpan<float> hp, ReadOnlySpan<float> hPrev, Span<float> h, Span<float> hnSaved)
    {
        int H = h.Length, j = 0;
        bool zeroPrev = hPrev.IsEmpty;
        for (; j <= H - 8; j += 8)
        {
            var r = Sigmoid(Vector256.Create<float>(xp[j..]) + Vector256.Create<float>(hp[j..]));
            var z = Sigmoid(Vector256.Create<float>(xp[(H + j)..]) + Vector256.Create<float>(hp[(H + j)..]));
            var hn = Vector256.Create<float>(hp[(2 * H + j)..]);
            var n = Tanh(Vector256.Create<float>(xp[(2 * H + j)..]) + r * hn);
            var prev = zeroPrev ? Vector256<float>.Zero : Vector256.Create<float>(hPrev[j..]);
            (n + z * (prev - n)).CopyTo(h[j..]);
            r.CopyTo(gates[j..]);
            z.CopyTo(gates[(H + j)..]);
            n.CopyTo(gates[(2 * H + j)..]);
            hn.CopyTo(hnSaved[j..]);
        }
        for (; j < H; j++)
        {
            float r = Sigmoid(xp[j] + hp[j]);
            float z = Sigmoid(xp[H + j] + hp[H + j]);
            float hn = hp[2 * H + j];
            float n = MathF.Tanh(xp[2 * H + j] + r * hn);
            float prev = zeroPrev ? 0f : hPrev[j];
            h[j] = n + z * (prev - n);
            gates[j] = r; gates[H + j] = z; gates[2 * H + j] = n;
            hnSaved[j] = hn;
        }
    }

    /// <summary>
    /// GRU step backward. dh = dOut + dhNext; adds the gradients of the input projections to dXp, writes those of
    /// the hidden projections to dHp, and sets dhNext = dh⊙z (the direct path to h₋; the caller adds dHp·W_hh).
    /// </summary>
    public static void GruBackward(ReadOnlySpan<float> gates, ReadOnlySpan<float> hn, ReadOnlySpan<float> hPrev, ReadOnlySpan<float> dOut,
        Span<float> dhNext, Span<float> dXp, Span<float> dHp)
    {
        int H = hn.Length, j = 0;
        bool zeroPrev = hPrev.IsEmpty;
        var one = Vector256<float>.One;
        for (; j <= H - 8; j += 8)
        {
            var r = Vector256.Create<float>(gates[j..]);
            var z = Vector256.Create<float>(gates[(H + j)..]);
            var n = Vector256.Create<float>(gates[(2 * H + j)..]);
            var prev = zeroPrev ? Vector256<float>.Zero : Vector256.Create<float>(hPrev[j..]);
            var dh = Vector256.Create<float>(dOut[j..]) + Vector256.Create<float>(dhNext[j..]);
            var dnp = dh * (one - z) * (one - n * n);
            var drp = dnp * Vector256.Create<float>(hn[j..]) * r * (one - r);
            var dzp = dh * (prev - n) * z * (one - z);
            (Vector256.Create<float>(dXp[j..]) + drp).CopyTo(dXp[j..]);
            (Vector256.Create<float>(dXp[(H + j)..]) + dzp).CopyTo(dXp[(H + j)..]);
            (Vector256.Create<float>(dXp[(2 * H + j)..]) + dnp).CopyTo(dXp[(2 * H + j)..]);
            drp.CopyTo(dHp[j..]); dzp.CopyTo(dHp[(H + j)..]); (dnp * r).CopyTo(dHp[(2 * H + j)..]);
            (dh * z).CopyTo(dhNext[j..]);
        }
        for (; j < H; j++)
        {
            float r = gates[j], z = gates[H + j], n = gates[2 * H + j];
            float prev = zeroPrev ? 0f : hPrev[j];
            float dh = dOut[j] + dhNext[j];
            float dnp = dh * (1 - z) * (1 - n * n);
            float drp = dnp * hn[j] * r * (1 - r);
            float dzp = dh * (prev - n) * z * (1 - z);
            dXp[j] += drp; dXp[H + j] += dzp; dXp[2 * H + j] += dnp;
            dHp[j] = drp; dHp[H + j] = dzp; dHp[2 * H + j] = dnp * r;
            dhNext[j] = dh * z;
        }
    }

    /// <summary>
    /// LSTM step (torch.nn.LSTM): i, f, o = σ(·), g = tanh(·) of xp + hp (gate order i, f, g, o);
    /// c = f⊙c₋ + i⊙g; h = o⊙tanh c. <paramref name="xp"/> holds the input projections, <paramref name="hp"/>
    /// the hidden ones; the activated gates go to <paramref name="gates"/> (may alias xp).
    /// </summary>
    public static void LstmForward(ReadOnlySpan<float> xp, Span<float> gates, ReadOnlySpan<float> hp, ReadOnlySpan<float> cPrev, Span<float> c, Span<float> tanhC, Span<float> h)
    {
        int H = h.Length, j = 0;
        bool zeroPrev = cPrev.IsEmpty;
        for (; j <= H - 8; j += 8)
        {
            var i = Sigmoid(Vector256.Create<float>(xp[j..]) + Vector256.Create<float>(hp[j..]));
            var f = Sigmoid(Vector256.Create<float>(xp[(H + j)..]) + Vector256.Create<float>(hp[(H + j)..]));
            var g = Tanh(Vector256.Create<float>(xp[(2 * H + j)..]) + Vector256.Create<float>(hp[(2 * H + j)..]));
            var o = Sigmoid(Vector256.Create<float>(xp[(3 * H + j)..]) + Vector256.Create<float>(hp[(3 * H + j)..]));
            var prev = zeroPrev ? Vector256<float>.Zero : Vector256.Create<float>(cPrev[j..]);
            var cv = f * prev + i * g;
            var tc = Tanh(cv);
            cv.CopyTo(c[j..]); tc.CopyTo(tanhC[j..]); (o * tc).CopyTo(h[j..]);
            i.CopyTo(gates[j..]); f.CopyTo(gates[(H + j)..]); g.CopyTo(gates[(2 * H + j)..]); o.CopyTo(gates[(3 * H + j)..]);
        }
        for (; j < H; j++)
        {
            float i = Sigmoid(xp[j] + hp[j]);
            float f = Sigmoid(xp[H + j] + hp[H + j]);
            float g = MathF.Tanh(xp[2 * H + j] + hp[2 * H + j]);
            float o = Sigmoid(xp[3 * H + j] + hp[3 * H + j]);
            float cv = f * (zeroPrev ? 0f : cPrev[j]) + i * g;
            float tc = MathF.Tanh(cv);
            c[j] = cv; tanhC[j] = tc; h[j] = o * tc;
            gates[j] = i; gates[H + j] = f; gates[2 * H + j] = g; gates[3 * H + j] = o;
        }
    }

    /// <summary>
    /// LSTM step backward: dh = dOut + dhNext, dc = dcNext + dh⊙o⊙(1 − tanh²c); writes the pre-activation gate
    /// gradients (shared by the input and hidden projections) and dcNext = dc⊙f.
    /// </summary>
    public static void LstmBackward(ReadOnlySpan<float> gates, ReadOnlySpan<float> cPrev, ReadOnlySpan<float> tanhC, ReadOnlySpan<float> dOut,
        ReadOnlySpan<float> dhNext, Span<float> dcNext, Span<float> dGates)
    {
        int H = tanhC.Length, j = 0;
        bool zeroPrev = cPrev.IsEmpty;
        var one = Vector256<float>.One;
        for (; j <= H - 8; j += 8)
        {
            var i = Vector256.Create<float>(gates[j..]);
            var f = Vector256.Create<float>(gates[(H + j)..]);
            var g = Vector256.Create<float>(gates[(2 * H + j)..]);
            var o = Vector256.Create<float>(gates[(3 * H + j)..]);
            var tc = Vector256.Create<float>(tanhC[j..]);
            var prev = zeroPrev ? Vector256<float>.Zero : Vector256.Create<float>(cPrev[j..]);
            var dh = Vector256.Create<float>(dOut[j..]) + Vector256.Create<float>(dhNext[j..]);
            var dc = Vector256.Create<float>(dcNext[j..]) + dh * o * (one - tc * tc);
            (dc * g * i * (one - i)).CopyTo(dGates[j..]);
            (dc * prev * f * (one - f)).CopyTo(dGates[(H + j)..]);
            (dc * i * (one - g * g)).CopyTo(dGates[(2 * H + j)..]);
            (dh * tc * o * (one - o)).CopyTo(dGates[(3 * H + j)..]);
            (dc * f).CopyTo(dcNext[j..]);
        }
        for (; j < H; j++)
        {
            float i = gates[j], f = gates[H + j], g = gates[2 * H + j], o = gates[3 * H + j], tc = tanhC[j];
            float prev = zeroPrev ? 0f : cPrev[j];
            float dh = dOut[j] + dhNext[j];
            float dc = dcNext[j] + dh * o * (1 - tc * tc);
            dGates[j] = dc * g * i * (1 - i);
            dGates[H + j] = dc * prev * f * (1 - f);
            dGates[2 * H + j] = dc * i * (1 - g * g);
            dGates[3 * H + j] = dh * tc * o * (1 - o);
            dcNext[j] = dc * f;
        }
    }
}
