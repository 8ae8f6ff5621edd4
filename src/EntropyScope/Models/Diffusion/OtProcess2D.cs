namespace EntropyScope.Models.Diffusion;

/// <summary>
/// The OT schedule in 2D (estimators.md §6): an exact discrete OT plan (squared-distance assignment) pairs each data
/// point y_i with a sample z_i of N(0, I); the path is the displacement interpolation x_i(t) = (1 − t/τ)y_i + (t/τ)z_i,
/// and the Eulerian velocity at x is the kernel conditional expectation over the plan,
/// ν_t(x) = Σ_i w_i(x)(z_i − y_i)/τ, w_i ∝ exp(−‖x − x_i(t)‖²/2κ²) (Eq. G19 [S]; bandwidth κ [assumed]).
/// T_t is not fixed by the path (NaN); v₂² = T_tṠ_t = Σ‖z_i − y_i‖²/(Nτ²) = W₂²/τ² on the plan.
/// </summary>
public sealed class OtProcess2D : ForwardProcess2D
{
    private readonly double[] _y, _z;
    private readonly double _tau, _kappa;

    public override string Name => "ot";
    public override double Tau => _tau;
    public override bool Conservative => true;
    public double W2Squared { get; }

    public OtProcess2D(double[] data, int seed, double tau = 1, double kappa = 0.1)
    {
        (_tau, _kappa) = (tau, kappa);
        int n = data.Length / 2;
        var rng = new Random(seed);
        var z = new double[2 * n];
        for (int i = 0; i < 2 * n; i++) z[i] = Gaussian(rng);
        var cost = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                cost[i * n + j] = Math.Pow(data[2 * i] - z[2 * j], 2) + Math.Pow(data[2 * i + 1] - z[2 * j + 1], 2);
        int[] match = ExactAssignment.Solve(cost, n);
        _y = (double[])data.Clone();
        _z = new double[2 * n];
        double w2 = 0;
        for (int i = 0; i < n; i++)
        {
            _z[2 * i] = z[2 * match[i]];
            _z[2 * i + 1] = z[2 * match[i] + 1];
            w2 += cost[i * n + match[i]];
        }
        W2Squared = w2 / n;
    }

    public override double ForceRate(double t) => double.NaN;
    public override double Temperature(double t) => double.NaN;
    public override double MeanSquaredVelocity(double t) => W2Squared / (_tau * _tau);

    public override void Velocities(double t, ReadOnlySpan<double> points, Span<double> velocity)
    {
        int n = _y.Length / 2, m = points.Length / 2;
        double s = t / _tau, inv = 1 / (2 * _kappa * _kappa);
        var xt = new double[2 * n];
        for (int i = 0; i < 2 * n; i++) xt[i] = (1 - s) * _y[i] + s * _z[i];
        var logw = new double[n];
        for (int k = 0; k < m; k++)
        {
            double x = points[2 * k], y = points[2 * k + 1], max = double.NegativeInfinity;
            for (int i = 0; i < n; i++)
            {
                double dx = x - xt[2 * i], dy = y - xt[2 * i + 1];
                logw[i] = -(dx * dx + dy * dy) * inv;
                max = Math.Max(max, logw[i]);
            }
            double zsum = 0, vx = 0, vy = 0;
            for (int i = 0; i < n; i++)
            {
                double w = Math.Exp(logw[i] - max);
                zsum += w;
                vx += w * (_z[2 * i] - _y[2 * i]);
                vy += w * (_z[2 * i + 1] - _y[2 * i + 1]);
            }
            velocity[2 * k] = vx / zsum / _tau;
            velocity[2 * k + 1] = vy / zsum / _tau;
        }
    }

    public override (double Mx, double My, double Sd) EndMoments() => (0, 0, 1);

    /// <summary>P_τ = N(0, I): the end point of the geodesic.</summary>
    public override (double[] Points, double[] Normals) SampleMarginal(double t, int n, int seed)
    {
        if (t < _tau) throw new NotSupportedException("the OT path is sampled only at its Gaussian end point");
        var rng = new Random(seed);
        var p = new double[2 * n];
        for (int i = 0; i < 2 * n; i++) p[i] = Gaussian(rng);
        return (p, (double[])p.Clone());
    }

    public override double Pdf(double t, double x, double y) =>
        t >= _tau ? Math.Exp(-(x * x + y * y) / 2) / (2 * Math.PI) : throw new NotSupportedException("OT density only at t = τ");
}
