namespace EntropyScope.Models.Ising;

/// <summary>Glauber rates of the kinetic Ising model (models.md §6).</summary>
public static class Glauber
{
    /// <summary>Flip probability w_i(x) = [1 − x_i tanh(βh_i)]/2 of one attempt on spin i.</summary>
    public static double FlipProbability(int xi, double beta, double hi) => 0.5 * (1 - xi * Math.Tanh(beta * hi));

    /// <summary>Log-ratio of a flip, ln[w_i(x)/w_i(xⁱ)] = −2βx_ih_i (the heat term of the EP).</summary>
    public static double FlipLogRatio(int xi, double beta, double hi) => -2 * beta * xi * hi;
}
