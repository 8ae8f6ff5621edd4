using EntropyScope.Estimators.MaxEnt.Observables;

namespace EntropyScope.Estimators.MaxEnt;

/// <summary>
/// The concave MaxEnt dual on one part of the data (estimators.md §4):
/// f(θ) = θᵀḡ − ln((1/m)Σ_k e^{θᵀg̃_k}), ḡ the forward mean, g̃_k the reverse samples (−g_k for antisymmetric
/// observables). Stable log-sum-exp; gradient ḡ − Σ w_k g̃_k with w = softmax(θᵀg̃); Hessian-vector products with
/// H = −Cov_w(g̃). Inactive coordinates (mask false) keep zero gradient.
/// </summary>
public sealed class DualObjective
{
    private readonly IObservableSamples _reverse;
    private readonly int[] _reverseRows;
    private readonly double _sign;
    private readonly bool[]? _active;
    private readonly double[] _a, _w, _b, _mu;

    public double[] ForwardMean { get; }
    public int Dimension { get; }
    public int ReverseCount => _reverseRows.Length;
    public int ForwardCount { get; }

    /// <param name="reverse">Reverse samples, or null for antisymmetric observables (g̃ = −g of the forward rows).</param>
    public DualObjective(IObservableSamples forward, int[] forwardRows, IObservableSamples? reverse, int[]? reverseRows, bool[]? active)
    {
        Dimension = forward.Dimension;
        ForwardCount = forwardRows.Length;
        _active = active;
        _reverse = reverse ?? forward;
        _reverseRows = reverse is null ? forwardRows : reverseRows!;
        _sign = reverse is null ? -1 : 1;
        ForwardMean = new double[Dimension];
        var u = new double[forwardRows.Length];
        Array.Fill(u, forwardRows.Length == 0 ? 0 : 1.0 / forwardRows.Length);
        forward.WeightedSum(forwardRows, u, ForwardMean);
        Mask(ForwardMean);
        int m = _reverseRows.Length;
        _a = new double[m]; _w = new double[m]; _b = new double[m];
        _mu = new double[Dimension];
    }

    private void Mask(Span<double> v)
    {
        if (_active is null) return;
        for (int j = 0; j < v.Length; j++) if (!_active[j]) v[j] = 0;
    }

    /// <summary>ln of the count of reverse samples: the most a sample of this size can certify.</summary>
    public double LnCount => Math.Log(Math.Max(1, _reverseRows.Length));

    /// <summary>ln Z(θ) = ln⟨e^{θᵀg̃}⟩ over the reverse samples; leaves the softmax weights for <see cref="Gradient"/>.</summary>
    public double LogPartition(ReadOnlySpan<double> theta)
    {
        int m = _reverseRows.Length;
        if (m == 0) return 0;
        _reverse.Project(_reverseRows, theta, _a);
        double max = double.NegativeInfinity;
        for (int k = 0; k < m; k++) { _a[k] *= _sign; if (_a[k] > max) max = _a[k]; }
        double s = 0;
        for (int k = 0; k < m; k++) { _w[k] = Math.Exp(_a[k] - max); s += _w[k]; }
        for (int k = 0; k < m; k++) _w[k] /= s;
        return max + Math.Log(s / m);
    }

    public double Value(ReadOnlySpan<double> theta)
    {
        double dot = 0;
        for (int j = 0; j < Dimension; j++) dot += theta[j] * ForwardMean[j];
        return dot - LogPartition(theta);
    }

    /// <summary>f(θ) and ∇f = ḡ − Σ_k w_k g̃_k.</summary>
    public double ValueAndGradient(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        double f = Value(theta);
        _reverse.WeightedSum(_reverseRows, _w, _mu);
        for (int j = 0; j < Dimension; j++) { _mu[j] *= _sign; gradient[j] = ForwardMean[j] - _mu[j]; }
        Mask(gradient);
        return f;
    }

    /// <summary>(−H)v = Cov_w(g̃)v at the θ of the last <see cref="ValueAndGradient"/> call.</summary>
    public void TiltedCovarianceTimes(ReadOnlySpan<double> v, Span<double> result)
    {
        int m = _reverseRows.Length;
        _reverse.Project(_reverseRows, v, _b);
        double muv = 0;
        for (int j = 0; j < Dimension; j++) muv += _mu[j] * v[j];
        // Σ w g̃ g̃ᵀv = Σ w_k (s·g_kᵀv) s·g_k = Σ w_k (g_kᵀv) g_k
        for (int k = 0; k < m; k++) _b[k] *= _w[k];
        _reverse.WeightedSum(_reverseRows, _b, result);
        for (int j = 0; j < Dimension; j++) result[j] -= _mu[j] * muv;
        Mask(result);
    }
}
