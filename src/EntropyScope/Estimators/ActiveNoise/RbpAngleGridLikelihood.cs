using EntropyScope.Models.Tracer;

namespace EntropyScope.Estimators.ActiveNoise;

/// <summary>
/// APPROXIMATE log-likelihood of a 1D-observed RBP tracer with known parameters (estimators.md §5 [assumed method]):
/// forward algorithm over the hidden heading θ on a G-bin grid. Between frames θ diffuses (wrapped Gaussian kernel,
/// variance 2D_rΔt) and x_{t+1} | x_t, θ_t, θ_{t+1} ~ N(e^{−κΔt}x_t + v₀ b (cos θ_t + cos θ_{t+1})/2, (D/κ)(1 − e^{−2κΔt})),
/// b = (1 − e^{−κΔt})/κ (trapezoidal force over the frame). x₀ ~ N(0, C_xx), θ₀ uniform. Approximations: the grid,
/// the trapezoidal force, and the neglected within-frame variance of the force.
/// </summary>
public sealed class RbpAngleGridLikelihood
{
    private readonly int _g;
    private readonly double[] _cos;
    private readonly double[] _kernel;   // _kernel[(j − i) mod G] = P(θ' = j | θ = i)

    public RbpAngleGridLikelihood(int gridSize = 64) { _g = gridSize; _cos = new double[gridSize]; _kernel = new double[gridSize]; }

    public double LogLikelihood(ReadOnlySpan<double> x, TracerParameters p, double dt)
    {
        int g = _g;
        double a = Math.Exp(-p.Kappa * dt), b = -AoupDynamics.ExpM1(-p.Kappa * dt) / p.Kappa;
        double q = p.D / p.Kappa * -AoupDynamics.ExpM1(-2 * p.Kappa * dt);
        double v0 = p.PropulsionSpeed, s2 = 2 * p.RotationalDiffusion * dt;
        for (int i = 0; i < g; i++) _cos[i] = Math.Cos(2 * Math.PI * i / g);
        double ksum = 0;
        for (int d = 0; d < g; d++)
        {
            double delta = 2 * Math.PI * (d <= g / 2 ? d : d - g) / g, k = 0;
            for (int w = -3; w <= 3; w++) { double u = delta + 2 * Math.PI * w; k += Math.Exp(-u * u / (2 * s2)); }
            _kernel[d] = k; ksum += k;
        }
        for (int d = 0; d < g; d++) _kernel[d] /= ksum;
        // t = 0: x₀ ~ N(0, C_xx) (second-order-equivalent variance), θ₀ uniform
        double cxx = new AoupDynamics(p.Kappa, p.D, p.Da, p.Tau, dt).Cxx;
        double ll = -0.5 * (Math.Log(2 * Math.PI * cxx) + x[0] * x[0] / cxx);
        var alpha = new double[g]; var next = new double[g];
        Array.Fill(alpha, 1.0 / g);
        double logNorm = -0.5 * Math.Log(2 * Math.PI * q);
        for (int t = 0; t + 1 < x.Length; t++)
        {
            double mean0 = a * x[t];
            double total = 0;
            for (int j = 0; j < g; j++)
            {
                double s = 0;
                for (int i = 0; i < g; i++)
                {
                    int d = j - i; if (d < 0) d += g;
                    double e = x[t + 1] - mean0 - v0 * b * 0.5 * (_cos[i] + _cos[j]);
                    s += alpha[i] * _kernel[d] * Math.Exp(-e * e / (2 * q));
                }
                next[j] = s; total += s;
            }
            if (!(total > 0)) return double.NegativeInfinity;
            ll += logNorm + Math.Log(total);
            for (int j = 0; j < g; j++) alpha[j] = next[j] / total;
        }
        return ll;
    }
}
