using EntropyScope.Models.Langevin;
using EntropyScope.Models.Langevin.Algebra;

namespace EntropyScope.Models.BeadSpring;

/// <summary>How the four beads of the two-pairs variant get their temperatures (models.md §1: [unknown]).</summary>
public enum PairTemperatures
{
    /// <summary>linspace(T_c, T_h, 4) over all four beads [assumed default].</summary>
    Linspace,
    /// <summary>(T_c, T_h) within each pair.</summary>
    PerPair,
}

/// <summary>
/// Bead-spring chain tied to walls at both ends [CNEEP Eq. (6), models.md §1]: K_ij = k(δ_{i,j+1} + δ_{i,j−1} − 2δ_ij),
/// one friction γ, T_i linear from T_c (bead 1) to T_h (bead N).
/// </summary>
public static class BeadSpringChain
{
    /// <summary>T_i = T_c + (T_h − T_c)(i−1)/(N−1); a single bead takes T_c.</summary>
    public static double[] LinearTemperatures(int n, double tc, double th) =>
        Enumerable.Range(0, n).Select(i => n == 1 ? tc : tc + (th - tc) * i / (n - 1)).ToArray();

    public static Matrix ForceMatrix(int n, double k)
    {
        var m = new Matrix(n);
        for (int i = 0; i < n; i++)
        {
            m[i, i] = -2 * k;
            if (i > 0) m[i, i - 1] = k;
            if (i + 1 < n) m[i, i + 1] = k;
        }
        return m;
    }

    public static LinearLangevin Create(int beads, double tc, double th, double k = 1, double gamma = 1)
    {
        Validate(beads, tc, th, k, gamma);
        return new LinearLangevin(ForceMatrix(beads, k), Enumerable.Repeat(gamma, beads).ToArray(), LinearTemperatures(beads, tc, th));
    }

    /// <summary>
    /// CNEEP Fig. 3a: N = 4 as two independent wall-tied pairs (beads 1–2 and 3–4), no spring between beads 2 and 3.
    /// </summary>
    public static LinearLangevin CreateTwoPairs(double tc, double th, PairTemperatures temperatures = PairTemperatures.Linspace, double k = 1, double gamma = 1)
    {
        Validate(4, tc, th, k, gamma);
        var m = ForceMatrix(4, k);
        m[1, 2] = 0; m[2, 1] = 0;
        double[] t = temperatures == PairTemperatures.Linspace ? LinearTemperatures(4, tc, th) : [tc, th, tc, th];
        return new LinearLangevin(m, Enumerable.Repeat(gamma, 4).ToArray(), t);
    }

    /// <summary>
    /// High-dimensional chain of NEEP [C kdkyum/neep: toy/bead_spring_high.py]: T_N = 10 and T_1 from the table,
    /// so that σ = 1.000 for N = 8, 16, 32, 64, 128.
    /// </summary>
    public static double HighDimensionalColdTemperature(int beads) => beads switch
    {
        8 => 0.416997,
        16 => 0.20768,
        32 => 0.10358,
        64 => 0.05171,
        128 => 0.02583,
        _ => throw new InputException($"--high-dim: the table has N = 8, 16, 32, 64, 128 (got --beads {beads})"),
    };

    public const double HighDimensionalHotTemperature = 10;

    internal static void Validate(int beads, double tc, double th, double k, double gamma)
    {
        if (beads < 1) throw new InputException($"--beads must be ≥ 1 (got {beads})");
        if (beads > 4096) throw new InputException($"--beads must be ≤ 4096 (got {beads})");
        if (!(tc > 0) || double.IsInfinity(tc)) throw new InputException($"--tc must be > 0 (got {tc})");
        if (!(th > 0) || double.IsInfinity(th)) throw new InputException($"--th must be > 0 (got {th})");
        if (!(k > 0) || double.IsInfinity(k)) throw new InputException($"--k (spring constant) must be > 0 (got {k})");
        if (!(gamma > 0) || double.IsInfinity(gamma)) throw new InputException($"--gamma must be > 0 (got {gamma})");
    }
}
