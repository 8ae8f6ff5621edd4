using System.Numerics;
using EntropyScope.Tensors.Nn;

namespace EntropyScope.Tensors.Optim;

/// <summary>
/// Adam with PyTorch semantics (torch.optim.Adam, amsgrad off): L2 weight decay is added to the gradient
/// (g ← g + λθ, "coupled", not AdamW), moments are bias-corrected, and the update is
/// θ ← θ − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε). One vectorised pass over the store's flat buffers.
/// </summary>
public sealed class Adam
{
    private readonly ParameterStore _store;
    private float[] _m = [];
    private float[] _v = [];

    public Adam(ParameterStore store, float learningRate, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0f)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (!(learningRate >= 0)) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "learning rate must be ≥ 0");
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "beta1 must be in [0, 1)");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "beta2 must be in [0, 1)");
        if (!(epsilon >= 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be ≥ 0");
        if (!(weightDecay >= 0)) throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "weight decay must be ≥ 0");
        _store = store;
        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
        EnsureBuffers();
    }

    public float LearningRate { get; set; }
    public float Beta1 { get; }
    public float Beta2 { get; }
    public float Epsilon { get; }
    public float WeightDecay { get; }
    public ParameterStore Store => _store;

    /// <summary>Number of steps taken (t in the bias corrections).</summary>
    public long StepCount { get; private set; }

    /// <summary>First moment m (PyTorch exp_avg), aligned with <see cref="ParameterStore.Values"/>.</summary>
    public float[] FirstMoment { get { EnsureBuffers(); return _m; } }

    /// <summary>Second moment v (PyTorch exp_avg_sq), aligned with <see cref="ParameterStore.Values"/>.</summary>
    public float[] SecondMoment { get { EnsureBuffers(); return _v; } }

    /// <summary>Restores the optimiser state from a checkpoint (bit-exact copies).</summary>
    public void RestoreState(long stepCount, ReadOnlySpan<float> firstMoment, ReadOnlySpan<float> secondMoment)
    {
        EnsureBuffers();
        if (stepCount < 0) throw new ArgumentOutOfRangeException(nameof(stepCount));
        if (firstMoment.Length != _m.Length || secondMoment.Length != _v.Length)
            throw new ArgumentException($"Adam state has {firstMoment.Length}/{secondMoment.Length} moments but the store has {_m.Length} values");
        firstMoment.CopyTo(_m);
        secondMoment.CopyTo(_v);
        StepCount = stepCount;
    }

    public void Step()
    {
        EnsureBuffers();
        StepCount++;
        // Scalars in double, as PyTorch computes them in Python floats from the decimal hyperparameters
        // (0.999f is 0.99900001…; PyTorch's 1 − β₂ is 0.001, not 0.00099998…).
        double b1 = Decimal(Beta1), b2 = Decimal(Beta2);
        double bc1 = 1 - Math.Pow(b1, StepCount);
        double bc2 = 1 - Math.Pow(b2, StepCount);
        float stepSize = (float)(Decimal(LearningRate) / bc1);
        float bc2Sqrt = (float)Math.Sqrt(bc2);
        Update(_store.Values, _store.Grads, _m, _v, (float)b1, (float)b2, (float)(1 - b1), (float)(1 - b2),
            Epsilon, WeightDecay, stepSize, bc2Sqrt);
    }

    private static void Update(Span<float> p, ReadOnlySpan<float> grad, Span<float> m, Span<float> v,
        float beta1, float beta2, float a1, float a2, float eps, float wd, float stepSize, float bc2Sqrt)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int w = Vector<float>.Count;
            var vb2 = new Vector<float>(beta2);
            var va1 = new Vector<float>(a1);
            var va2 = new Vector<float>(a2);
            var vwd = new Vector<float>(wd);
            var veps = new Vector<float>(eps);
            var vstep = new Vector<float>(stepSize);
            var vbc2 = new Vector<float>(bc2Sqrt);
            for (; i <= p.Length - w; i += w)
            {
                var pi = new Vector<float>(p[i..]);
                var g = new Vector<float>(grad[i..]);
                if (wd != 0) g += vwd * pi;
                var mi = new Vector<float>(m[i..]);
                var vi = new Vector<float>(v[i..]);
                mi += (g - mi) * va1;                   // exp_avg.lerp_(g, 1 − β₁)
                vi = vi * vb2 + va2 * (g * g);          // exp_avg_sq.mul_(β₂).addcmul_(g, g, 1 − β₂)
                var denom = Vector.SquareRoot(vi) / vbc2 + veps;
                pi -= vstep * (mi / denom);
                mi.CopyTo(m[i..]);
                vi.CopyTo(v[i..]);
                pi.CopyTo(p[i..]);
            }
        }
        for (; i < p.Length; i++)
        {
            float g = grad[i];
            if (wd != 0) g += wd * p[i];
            float mi = m[i] + (g - m[i]) * a1;
            float vi = v[i] * beta2 + a2 * (g * g);
            float denom = MathF.Sqrt(vi) / bc2Sqrt + eps;
            p[i] -= stepSize * (mi / denom);
            m[i] = mi;
            v[i] = vi;
        }
    }

    /// <summary>The double nearest the shortest decimal that round-trips <paramref name="f"/> (0.999f → 0.999).</summary>
    private static double Decimal(float f) => double.Parse(f.ToString("R", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);

    private void EnsureBuffers()
    {
        int n = _store.Values.Length;
        if (_m.Length == n) return;
        var m = new float[n];
        var v = new float[n];
        _m.AsSpan(0, Math.Min(_m.Length, n)).CopyTo(m);
        _v.AsSpan(0, Math.Min(_v.Length, n)).CopyTo(v);
        _m = m;
        _v = v;
    }
}
