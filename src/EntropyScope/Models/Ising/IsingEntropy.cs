namespace EntropyScope.Models.Ising;

/// <summary>EP of recorded kinetic-Ising data given the couplings (models.md §6 "Average EP").</summary>
public static class IsingEntropy
{
    /// <summary>"Empirical" EP per attempt: Σ_i p_i⟨−2βx_ih_i⟩_{flips of i} = (1/(N·S)) Σ_{flagged (s,i)} −2βx_i(s)h_i(s).</summary>
    public static double EmpiricalFromFlips(IsingCouplings j, double beta, ReadOnlySpan<sbyte> states, ReadOnlySpan<byte> flips, int samples)
    {
        int n = j.N;
        double sum = 0;
        for (int s = 0; s < samples; s++)
        {
            var x = states.Slice(s * n, n);
            double m = 0;
            if (j.J0 != 0) foreach (var v in x) m += v;
            for (int i = 0; i < n; i++)
                if (flips[s * n + i] != 0) sum += Glauber.FlipLogRatio(x[i], beta, j.Field(i, x, m));
        }
        return sum / ((double)n * samples);
    }
}
