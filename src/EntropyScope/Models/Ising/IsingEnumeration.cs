namespace EntropyScope.Models.Ising;

/// <summary>
/// Exact stationary distribution and EP of the kinetic Ising model by enumerating all 2^N states (N ≤ 12;
/// models.md §6 "Exact enumeration"). State index b ↔ x_i = +1 if bit i of b is set, else −1.
/// </summary>
public sealed class IsingEnumeration
{
    public const int MaxSpins = 12;

    public int N { get; }
    public double Beta { get; }
    public bool Parallel { get; }
    /// <summary>π(x) over the 2^N states.</summary>
    public double[] Stationary { get; }
    /// <summary>Exact EP per attempt (sequential) or per step (parallel), in nats.</summary>
    public double EntropyRate { get; }
    /// <summary>Sequential only: Σ_x π(x) Σ_i W(x→xⁱ)(−2βx_ih_i), equal to <see cref="EntropyRate"/> in the steady state.</summary>
    public double HeatRate { get; }

    private readonly double[] _j;

    public IsingEnumeration(double[] denseJ, int n, double beta, bool parallel)
    {
        if (n < 1 || n > MaxSpins) throw new InputException($"exact enumeration needs 1 ≤ N ≤ {MaxSpins} (got {n})");
        N = n; Beta = beta; Parallel = parallel; _j = denseJ;
        int states = 1 << n;
        var w = Transitions();
        Stationary = StationaryOf(w, states);
        double ep = 0, heat = 0;
        for (int b = 0; b < states; b++)
            for (int c = 0; c < states; c++)
            {
                double f = Stationary[b] * w[b * states + c], r = Stationary[c] * w[c * states + b];
                if (b == c || f <= 0) continue;
                ep += f * Math.Log(f / r);
                heat += f * Math.Log(w[b * states + c] / w[c * states + b]);
            }
        EntropyRate = ep;
        HeatRate = heat;
    }

    public static IsingEnumeration Of(IsingCouplings j, double beta, bool parallel) => new(j.ToDense(), j.N, beta, parallel);

    public int Spin(int state, int i) => ((state >> i) & 1) == 1 ? 1 : -1;

    public double Field(int state, int i)
    {
        double h = 0;
        for (int k = 0; k < N; k++) h += _j[i * N + k] * Spin(state, k);
        return h;
    }

    /// <summary>Row-stochastic transition matrix W[b, c] (dense, 2^N × 2^N).</summary>
    public double[] Transitions()
    {
        int states = 1 << N;
        var w = new double[(long)states * states];
        for (int b = 0; b < states; b++)
        {
            if (!Parallel)
            {
                double stay = 1;
                for (int i = 0; i < N; i++)
                {
                    double p = Glauber.FlipProbability(Spin(b, i), Beta, Field(b, i)) / N; // W(x→xⁱ) = w_i(x)/N
                    w[(long)b * states + (b ^ (1 << i))] = p;
                    stay -= p;
                }
                w[(long)b * states + b] = stay;
            }
            else
            {
                var t = new double[N];
                for (int i = 0; i < N; i++) t[i] = Math.Tanh(Beta * Field(b, i));
                for (int c = 0; c < states; c++)
                {
                    double p = 1; // W(x→y) = Π_i [1 + y_i tanh(βh_i(x))]/2
                    for (int i = 0; i < N; i++) p *= 0.5 * (1 + Spin(c, i) * t[i]);
                    w[(long)b * states + c] = p;
                }
            }
        }
        return w;
    }

    /// <summary>Solves π(W − I) = 0, Σπ = 1 by Gaussian elimination with partial pivoting (one equation replaced by the normalisation).</summary>
    private static double[] StationaryOf(double[] w, int s)
    {
        // A = (W − I)ᵀ with its last row replaced by ones; A π = e_last.
        var a = new double[(long)s * s];
        for (int r = 0; r < s; r++)
            for (int c = 0; c < s; c++)
                a[(long)r * s + c] = w[(long)c * s + r] - (r == c ? 1 : 0);
        for (int c = 0; c < s; c++) a[(long)(s - 1) * s + c] = 1;
        var rhs = new double[s];
        rhs[s - 1] = 1;
        for (int k = 0; k < s; k++)
        {
            int p = k;
            for (int r = k + 1; r < s; r++) if (Math.Abs(a[(long)r * s + k]) > Math.Abs(a[(long)p * s + k])) p = r;
            if (p != k)
            {
                for (int c = 0; c < s; c++) (a[(long)k * s + c], a[(long)p * s + c]) = (a[(long)p * s + c], a[(long)k * s + c]);
                (rhs[k], rhs[p]) = (rhs[p], rhs[k]);
            }
            double piv = a[(long)k * s + k];
            for (int r = k + 1; r < s; r++)
            {
                double f = a[(long)r * s + k] / piv;
                if (f == 0) continue;
                for (int c = k; c < s; c++) a[(long)r * s + c] -= f * a[(long)k * s + c];
                rhs[r] -= f * rhs[k];
            }
        }
        var pi = new double[s];
        for (int k = s - 1; k >= 0; k--)
        {
            double v = rhs[k];
            for (int c = k + 1; c < s; c++) v -= a[(long)k * s + c] * pi[c];
            pi[k] = v / a[(long)k * s + k];
        }
        double sum = 0;
        for (int k = 0; k < s; k++) { pi[k] = Math.Max(pi[k], 0); sum += pi[k]; }
        for (int k = 0; k < s; k++) pi[k] /= sum;
        return pi;
    }
}
