using EntropyScope.Models.Tracer;

namespace EntropyScope.Estimators.ActiveNoise;

/// <summary>
/// Exact log-likelihood ln p(y₀…y_{L−1} | κ, D, D_a, τ) of a 1D AOUP (or, with D_a = 0, passive) tracer observed
/// with optional localisation noise variance R, by the Kalman filter of estimators.md §5 on s = (x, f).
/// </summary>
public static class AoupKalman
{
    private const double Ln2Pi = 1.8378770664093453;

    public static double LogLikelihood(ReadOnlySpan<double> y, in AoupDynamics dyn, double localisationVariance = 0)
    {
        if (!(dyn.Cff > 0)) return PassiveLogLikelihood(y, dyn, localisationVariance);
        double r = localisationVariance;
        // start: mean 0, covariance C (stationary)
        double mx = 0, mf = 0, pxx = dyn.Cxx, pxf = dyn.Cxf, pff = dyn.Cff;
        double a = dyn.Phi11, b = dyn.Phi12, c = dyn.Phi22;
        double ll = 0;
        for (int t = 0; t < y.Length; t++)
        {
            if (t > 0)
            {
                // predict: m ← Φm, P ← ΦPΦᵀ + Q
                double nmx = a * mx + b * mf, nmf = c * mf;
                double t11 = a * pxx + b * pxf, t12 = a * pxf + b * pff; // (ΦP) row 1
                double t22 = c * pff;                                     // (ΦP)₂₂ (Φ₂₁ = 0)
                double npxx = t11 * a + t12 * b + dyn.Qxx;
                double npxf = t12 * c + dyn.Qxf;
                double npff = t22 * c + dyn.Qff;
                mx = nmx; mf = nmf; pxx = npxx; pxf = npxf; pff = npff;
            }
            // innovation e = y − m_x, S = P_xx + R
            double e = y[t] - mx, s = pxx + r;
            ll += -0.5 * (Ln2Pi + Math.Log(s) + e * e / s);
            // gain K = P_{·x}/S; update m ← m + Ke, P ← P − K S Kᵀ (symmetric by construction)
            double kx = pxx / s, kf = pxf / s;
            mx += kx * e; mf += kf * e;
            double nxx = pxx - kx * kx * s, nxf = pxf - kx * kf * s, nff = pff - kf * kf * s;
            pxx = Math.Max(nxx, 0); pxf = nxf; pff = Math.Max(nff, 0);
        }
        return ll;
    }

    /// <summary>Passive tracer: AR(1) exactly when R = 0 (estimators.md §5), a scalar Kalman filter otherwise.</summary>
    public static double PassiveLogLikelihood(ReadOnlySpan<double> y, in AoupDynamics dyn, double localisationVariance = 0)
    {
        if (localisationVariance <= 0) return Ar1Statistics.Of(y).LogLikelihood(dyn.Kappa, dyn.D, dyn.Dt);
        double r = localisationVariance, a = dyn.Phi11;
        double m = 0, p = dyn.Cxx, ll = 0;
        for (int t = 0; t < y.Length; t++)
        {
            if (t > 0) { m *= a; p = a * a * p + dyn.Qxx; }
            double e = y[t] - m, s = p + r;
            ll += -0.5 * (Ln2Pi + Math.Log(s) + e * e / s);
            double k = p / s;
            m += k * e; p -= k * k * s;
        }
        return ll;
    }
}

/// <summary>
/// Sufficient statistics of a passive AR(1) trajectory: the log-likelihood
/// ln N(x₀; 0, D/κ) + Σ ln N(x_{t+1}; e^{−κΔt}x_t, (D/κ)(1 − e^{−2κΔt})) (estimators.md §5) costs O(1) per (κ, D).
/// </summary>
public readonly record struct Ar1Statistics(int Length, double X0Squared, double SumPrev2, double SumCross, double SumNext2)
{
    private const double Ln2Pi = 1.8378770664093453;

    public static Ar1Statistics Of(ReadOnlySpan<double> x)
    {
        double sPrev = 0, sCross = 0, sNext = 0;
        for (int t = 0; t + 1 < x.Length; t++)
        {
            sPrev += x[t] * x[t];
            sCross += x[t] * x[t + 1];
            sNext += x[t + 1] * x[t + 1];
        }
        return new(x.Length, x[0] * x[0], sPrev, sCross, sNext);
    }

    public double LogLikelihood(double kappa, double d, double dt)
    {
        double v0 = d / kappa;
        double a = Math.Exp(-kappa * dt);
        double v = v0 * -AoupDynamics.ExpM1(-2 * kappa * dt);
        double sse = SumNext2 - 2 * a * SumCross + a * a * SumPrev2;
        return -0.5 * (Ln2Pi + Math.Log(v0) + X0Squared / v0) - 0.5 * (Length - 1) * (Ln2Pi + Math.Log(v)) - 0.5 * sse / v;
    }
}
