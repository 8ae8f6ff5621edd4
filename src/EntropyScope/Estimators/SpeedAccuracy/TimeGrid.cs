namespace EntropyScope.Estimators.SpeedAccuracy;

/// <summary>
/// The time grid on [ε, τ − ε] (estimators.md §6, Quadrature): t(u) = ε + (τ − 2ε)(1 − cos πu)/2 on N equal steps
/// of u, clustered at both ends where the schedules are stiff, with composite Simpson weights in u so that
/// Σ w_j f(t_j) = ∫ f dt to fourth order.
/// </summary>
public sealed class TimeGrid
{
    public double[] T { get; }
    public double[] Weights { get; }
    public double Epsilon { get; }
    public double Tau { get; }

    public TimeGrid(double tau, double epsilon, int intervals)
    {
        if (!(tau > 0)) throw new InputException($"--tau must be > 0 (got {tau})");
        if (!(epsilon >= 0) || 2 * epsilon >= tau) throw new ArgumentOutOfRangeException(nameof(epsilon), "need 0 ≤ ε < τ/2");
        int n = intervals + intervals % 2; // Simpson needs an even count
        (Tau, Epsilon) = (tau, epsilon);
        T = new double[n + 1];
        Weights = new double[n + 1];
        double span = tau - 2 * epsilon, du = 1.0 / n;
        for (int j = 0; j <= n; j++)
        {
            double u = j * du;
            T[j] = epsilon + span * (1 - Math.Cos(Math.PI * u)) / 2;
            double dtdu = span * Math.PI / 2 * Math.Sin(Math.PI * u);
            double simpson = j == 0 || j == n ? 1 : (j % 2 == 1 ? 4 : 2);
            Weights[j] = simpson * du / 3 * dtdu;
        }
    }

    public double Integrate(IReadOnlyList<double> f)
    {
        double s = 0;
        for (int j = 0; j < T.Length; j++) s += Weights[j] * f[j];
        return s;
    }
}
