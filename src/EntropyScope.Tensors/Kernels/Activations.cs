using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EntropyScope.Tensors.Kernels;

/// <summary>
/// Elementwise activations, vectorised with Vector256 (they are memory-bound, so wider vectors buy nothing).
/// Forward: y = f(x), y may alias x. Backward: gradX += f'(·)·gradY (accumulates, as the tape expects); the
/// derivative is taken from the forward OUTPUT y for Relu/Sigmoid/Tanh/Exp and from the INPUT x for Log.
/// </summary>
public static class Activations
{
    public static void Relu(ReadOnlySpan<float> x, Span<float> y)
    {
        Same("Activations.Relu", x.Length, y.Length);
        int i = 0;
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ys = ref MemoryMarshal.GetReference(y);
        for (; i <= x.Length - 8; i += 8)
            Vector256.Max(Vector256.LoadUnsafe(ref xs, (nuint)i), Vector256<float>.Zero).StoreUnsafe(ref ys, (nuint)i);
        for (; i < x.Length; i++) y[i] = x[i] > 0 ? x[i] : 0;
    }

    /// <summary>gradX += (y &gt; 0) · gradY, with y the Relu output (or its input: the sign is the same).</summary>
    public static void ReluBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> gradY, Span<float> gradX)
    {
        Same3("Activations.ReluBackward", y.Length, gradY.Length, gradX.Length);
        int i = 0;
        ref float ys = ref MemoryMarshal.GetReference(y);
        ref float gs = ref MemoryMarshal.GetReference(gradY);
        ref float xs = ref MemoryMarshal.GetReference(gradX);
        for (; i <= y.Length - 8; i += 8)
        {
            var mask = Vector256.GreaterThan(Vector256.LoadUnsafe(ref ys, (nuint)i), Vector256<float>.Zero);
            var g = Vector256.LoadUnsafe(ref gs, (nuint)i) & mask;
            (Vector256.LoadUnsafe(ref xs, (nuint)i) + g).StoreUnsafe(ref xs, (nuint)i);
        }
        for (; i < y.Length; i++) gradX[i] += y[i] > 0 ? gradY[i] : 0;
    }

    /// <summary>y = 1 / (1 + e^(−x)); saturates cleanly to 0 and 1.</summary>
    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> y)
    {
        Same("Activations.Sigmoid", x.Length, y.Length);
        int i = 0;
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ys = ref MemoryMarshal.GetReference(y);
        for (; i <= x.Length - 8; i += 8)
        {
            var e = Vector256.Exp(-Vector256.LoadUnsafe(ref xs, (nuint)i));
            (Vector256<float>.One / (Vector256<float>.One + e)).StoreUnsafe(ref ys, (nuint)i);
        }
        for (; i < x.Length; i++) y[i] = 1f / (1f + MathF.Exp(-x[i]));
    }

    /// <summary>gradX += y·(1 − y)·gradY with y the Sigmoid output.</summary>
    public static void SigmoidBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> gradY, Span<float> gradX)
    {
        Same3("Activations.SigmoidBackward", y.Length, gradY.Length, gradX.Length);
        int i = 0;
        ref float ys = ref MemoryMarshal.GetReference(y);
        ref float gs = ref MemoryMarshal.GetReference(gradY);
        ref float xs = ref MemoryMarshal.GetReference(gradX);
        for (; i <= y.Length - 8; i += 8)
        {
            var v = Vector256.LoadUnsafe(ref ys, (nuint)i);
            var d = v * (Vector256<float>.One - v) * Vector256.LoadUnsafe(ref gs, (nuint)i);
            (Vector256.LoadUnsafe(ref xs, (nuint)i) + d).StoreUnsafe(ref xs, (nuint)i);
        }
        for (; i < y.Length; i++) gradX[i] += y[i] * (1 - y[i]) * gradY[i];
    }

    /// <summary>y = tanh x, computed as sign(x)·(1 − 2/(e^(2|x|) + 1)): no overflow, absolute error ~1e-7.</summary>
    public static void Tanh(ReadOnlySpan<float> x, Span<float> y)
    {
        Same("Activations.Tanh", x.Length, y.Length);
        int i = 0;
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ys = ref MemoryMarshal.GetReference(y);
        var two = Vector256.Create(2f);
        var signBit = Vector256.Create(-0f);
        for (; i <= x.Length - 8; i += 8)
        {
            var v = Vector256.LoadUnsafe(ref xs, (nuint)i);
            var e = Vector256.Exp(two * Vector256.Abs(v));
            var t = Vector256<float>.One - two / (e + Vector256<float>.One);
            (t | (v & signBit)).StoreUnsafe(ref ys, (nuint)i);
        }
        for (; i < x.Length; i++) y[i] = MathF.Tanh(x[i]);
    }

    /// <summary>gradX += (1 − y²)·gradY with y the Tanh output.</summary>
    public static void TanhBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> gradY, Span<float> gradX)
    {
        Same3("Activations.TanhBackward", y.Length, gradY.Length, gradX.Length);
        int i = 0;
        ref float ys = ref MemoryMarshal.GetReference(y);
        ref float gs = ref MemoryMarshal.GetReference(gradY);
        ref float xs = ref MemoryMarshal.GetReference(gradX);
        for (; i <= y.Length - 8; i += 8)
        {
            var v = Vector256.LoadUnsafe(ref ys, (nuint)i);
            var d = (Vector256<float>.One - v * v) * Vector256.LoadUnsafe(ref gs, (nuint)i);
            (Vector256.LoadUnsafe(ref xs, (nuint)i) + d).StoreUnsafe(ref xs, (nuint)i);
        }
        for (; i < y.Length; i++) gradX[i] += (1 - y[i] * y[i]) * gradY[i];
    }

    public static void Exp(ReadOnlySpan<float> x, Span<float> y)
    {
        Same("Activations.Exp", x.Length, y.Length);
        int i = 0;
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ys = ref MemoryMarshal.GetReference(y);
        for (; i <= x.Length - 8; i += 8)
            Vector256.Exp(Vector256.LoadUnsafe(ref xs, (nuint)i)).StoreUnsafe(ref ys, (nuint)i);
        for (; i < x.Length; i++) y[i] = MathF.Exp(x[i]);
    }

    /// <summary>gradX += y·gradY with y the Exp output.</summary>
    public static void ExpBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> gradY, Span<float> gradX)
    {
        Same3("Activations.ExpBackward", y.Length, gradY.Length, gradX.Length);
        MultiplyAdd(y, gradY, gradX);
    }

    public static void Log(ReadOnlySpan<float> x, Span<float> y)
    {
        Same("Activations.Log", x.Length, y.Length);
        int i = 0;
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ys = ref MemoryMarshal.GetReference(y);
        for (; i <= x.Length - 8; i += 8)
            Vector256.Log(Vector256.LoadUnsafe(ref xs, (nuint)i)).StoreUnsafe(ref ys, (nuint)i);
        for (; i < x.Length; i++) y[i] = MathF.Log(x[i]);
    }

    /// <summary>gradX += gradY / x with x the Log INPUT.</summary>
    public static void LogBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> gradY, Span<float> gradX)
    {
        Same3("Activations.LogBackward", x.Length, gradY.Length, gradX.Length);
        int i = 0;
        ref float vs = ref MemoryMarshal.GetReference(x);
        ref float gs = ref MemoryMarshal.GetReference(gradY);
        ref float xs = ref MemoryMarshal.GetReference(gradX);
        for (; i <= x.Length - 8; i += 8)
        {
            var d = Vector256.LoadUnsafe(ref gs, (nuint)i) / Vector256.LoadUnsafe(ref vs, (nuint)i);
            (Vector256.LoadUnsafe(ref xs, (nuint)i) + d).StoreUnsafe(ref xs, (nuint)i);
        }
        for (; i < x.Length; i++) gradX[i] += gradY[i] / x[i];
    }

    /// <summary>z += x·y elementwise.</summary>
    private static void MultiplyAdd(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> z)
    {
        int i = 0;
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ys = ref MemoryMarshal.GetReference(y);
        ref float zs = ref MemoryMarshal.GetReference(z);
        for (; i <= x.Length - 8; i += 8)
            (Vector256.LoadUnsafe(ref zs, (nuint)i) + Vector256.LoadUnsafe(ref xs, (nuint)i) * Vector256.LoadUnsafe(ref ys, (nuint)i))
                .StoreUnsafe(ref zs, (nuint)i);
        for (; i < x.Length; i++) z[i] += x[i] * y[i];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Same(string op, int x, int y)
    {
        if (x != y) throw new ArgumentException($"{op}: input has {x} elements but output has {y}.");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Same3(string op, int a, int b, int c)
    {
        if (a != b || a != c) throw new ArgumentException($"{op}: lengths differ (values {a}, gradOutput {b}, gradInput {c}).");
    }
}
