namespace EntropyScope.Estimators.MaxEnt;

/// <summary>
/// Conjugate gradient for (A + λI)x = b with A symmetric positive semi-definite, given only as products.
/// Starting from x = 0, bᵀx_k grows monotonically towards bᵀ(A + λI)⁻¹b, so a truncated solve under-estimates
/// quadratic forms such as the TUR's ḡᵀC⁻¹ḡ (it stays a valid lower bound). The iterates x_1, x_2, … form a
/// regularisation path (fewer steps = stronger shrinkage), which <see cref="HeldOutBounds"/> scores on validation data.
/// </summary>
public static class ConjugateGradient
{
    public static (double[] X, int Iterations, bool Converged) Solve(Action<double[], double[]> multiply, double[] b, double lambda, int maxIterations, double relativeTolerance = 1e-10,
        Action<double[]>? onIterate = null)
    {
        int d = b.Length;
        // In exact arithmetic CG ends within d steps; a few more absorb rounding, beyond that it only drifts.
        maxIterations = Math.Min(maxIterations, 2 * d + 10);
        var x = new double[d];
        var r = (double[])b.Clone();
        var p = (double[])b.Clone();
        var ap = new double[d];
        double rr = Dot(r, r), bb = rr;
        if (bb == 0) return (x, 0, true);
        int it = 0;
        for (; it < maxIterations; it++)
        {
            if (rr <= relativeTolerance * relativeTolerance * bb) return (x, it, true);
            multiply(p, ap);
            for (int j = 0; j < d; j++) ap[j] += lambda * p[j];
            double pap = Dot(p, ap);
            if (!(pap > 0)) break; // numerically singular direction: stop with the current (valid) iterate
            double alpha = rr / pap;
            for (int j = 0; j < d; j++) { x[j] += alpha * p[j]; r[j] -= alpha * ap[j]; }
            onIterate?.Invoke(x);
            double rrNew = Dot(r, r);
            double beta = rrNew / rr;
            rr = rrNew;
            for (int j = 0; j < d; j++) p[j] = r[j] + beta * p[j];
        }
        return (x, it, rr <= relativeTolerance * relativeTolerance * bb);
    }

    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int j = 0; j < a.Length; j++) s += a[j] * b[j];
        return s;
    }
}
