using EntropyScope.Models.Langevin;

namespace EntropyScope.Models.Ratchet;

/// <summary>
/// Discrete flashing ratchet of NEEP [C kdkyum/neep: toy/ratchet.py; models.md §5]: states s = x (on) or 3 + x (off),
/// x ∈ {0, 1, 2} on a ring, U_on(x) = xV, U_off = 0. A jump chain without self-loops: from (x, on) to (y, on)
/// with weight exp(−[U(y) − U(x)]/(2T)), to (x, off) with weight r; from (x, off) to (y, off) with weight 1,
/// to (x, on) with weight r; rows normalised.
/// </summary>
public sealed class FlashingRatchet
{
    public const int States = 6;
    public double Potential { get; }
    public double Temperature { get; }
    public double SwitchRate { get; }
    /// <summary>Row-stochastic transition matrix P[s, s′].</summary>
    public double[,] Transition { get; } = new double[States, States];
    /// <summary>Stationary distribution πP = π.</summary>
    public double[] Stationary { get; }

    public FlashingRatchet(double potential, double temperature = 1, double switchRate = 1)
    {
        if (double.IsNaN(potential) || double.IsInfinity(potential)) throw new InputException($"--potential must be finite (got {potential})");
        if (!(temperature > 0) || double.IsInfinity(temperature)) throw new InputException($"--temperature must be > 0 (got {temperature})");
        if (!(switchRate > 0) || double.IsInfinity(switchRate)) throw new InputException($"--switch-rate must be > 0 (got {switchRate})");
        Potential = potential; Temperature = temperature; SwitchRate = switchRate;
        for (int x = 0; x < 3; x++)
        {
            for (int y = 0; y < 3; y++)
            {
                if (y == x) continue;
                Transition[x, y] = Math.Exp(-(y * potential - x * potential) / (2 * temperature));
                Transition[3 + x, 3 + y] = 1;
            }
            Transition[x, 3 + x] = switchRate;
            Transition[3 + x, x] = switchRate;
        }
        for (int s = 0; s < States; s++)
        {
            double row = 0;
            for (int t = 0; t < States; t++) row += Transition[s, t];
            for (int t = 0; t < States; t++) Transition[s, t] /= row;
        }
        Stationary = SolveStationary(Transition);
    }

    /// <summary>π from πP = π by power iteration on the (aperiodic after averaging) chain, to machine precision.</summary>
    private static double[] SolveStationary(double[,] p)
    {
        var pi = Enumerable.Repeat(1.0 / States, States).ToArray();
        var next = new double[States];
        for (int iter = 0; iter < 100000; iter++)
        {
            Array.Clear(next);
            for (int s = 0; s < States; s++)
                for (int t = 0; t < States; t++) next[t] += pi[s] * p[s, t];
            // Lazy averaging removes any periodicity so the iteration converges.
            double change = 0;
            for (int s = 0; s < States; s++)
            {
                double v = 0.5 * (pi[s] + next[s]);
                change = Math.Max(change, Math.Abs(v - pi[s]));
                pi[s] = v;
            }
            if (change < 1e-17) break;
        }
        double sum = pi.Sum();
        return pi.Select(v => v / sum).ToArray();
    }

    /// <summary>Stochastic EP of one transition: ΔS(s → s′) = ln[π_s P_ss′ / (π_s′ P_s′s)] [models.md §5, D].</summary>
    public double TransitionEntropy(int s, int next) =>
        Math.Log(Stationary[s] * Transition[s, next] / (Stationary[next] * Transition[next, s]));

    /// <summary>Mean EP per step, Σ π_s P_ss′ ΔS(s → s′).</summary>
    public double EntropyPerStep
    {
        get
        {
            double total = 0;
            for (int s = 0; s < States; s++)
                for (int t = 0; t < States; t++)
                    if (Transition[s, t] > 0) total += Stationary[s] * Transition[s, t] * TransitionEntropy(s, t);
            return total;
        }
    }

    /// <summary>
    /// EP per step visible to a two-point estimator of the observed position x = s mod 3: the KL divergence between
    /// forward and reversed pair statistics of x (lower bound for partial observation).
    /// </summary>
    public double PartialTwoPointEntropyPerStep
    {
        get
        {
            var joint = new double[3, 3];
            for (int s = 0; s < States; s++)
                for (int t = 0; t < States; t++) joint[s % 3, t % 3] += Stationary[s] * Transition[s, t];
            double kl = 0;
            for (int a = 0; a < 3; a++)
                for (int b = 0; b < 3; b++)
                    if (joint[a, b] > 0 && joint[b, a] > 0) kl += joint[a, b] * Math.Log(joint[a, b] / joint[b, a]);
            return kl;
        }
    }

    /// <summary>A stationary trajectory of <paramref name="states"/>.Length states (initial state from π) and its per-step ΔS.</summary>
    public void Simulate(ref Xoshiro256 rng, Span<long> states, Span<double> entropy)
    {
        int s = DrawInitial(ref rng);
        for (int t = 0; t < states.Length; t++)
        {
            if (t > 0)
            {
                int next = Step(ref rng, s);
                entropy[t - 1] = TransitionEntropy(s, next);
                s = next;
            }
            states[t] = s;
        }
    }

    /// <summary>Initial state drawn from π.</summary>
    public int DrawInitial(ref Xoshiro256 rng) => Draw(ref rng, Stationary);

    /// <summary>One jump s → s′ drawn from row s of P.</summary>
    public int Step(ref Xoshiro256 rng, int s)
    {
        Span<double> row = stackalloc double[States];
        for (int u = 0; u < States; u++) row[u] = Transition[s, u];
        return Draw(ref rng, row);
    }

    private static int Draw(ref Xoshiro256 rng, ReadOnlySpan<double> probabilities)
    {
        double u = rng.NextDouble(), acc = 0;
        for (int i = 0; i < probabilities.Length; i++)
        {
            acc += probabilities[i];
            if (u < acc) return i;
        }
        for (int i = probabilities.Length - 1; i >= 0; i--) if (probabilities[i] > 0) return i;
        return 0;
    }
}
