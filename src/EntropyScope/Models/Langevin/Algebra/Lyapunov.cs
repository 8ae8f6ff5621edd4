namespace EntropyScope.Models.Langevin.Algebra;

/// <summary>
/// Steady covariance of dz = 𝒜z dt + √(2𝒟) dW: the solution C of 𝒜C + C𝒜ᵀ + Q = 0 with Q = 2𝒟 (models.md §0).
/// </summary>
public static class Lyapunov
{
    /// <summary>Chooses the eigen route for symmetric 𝒜 and the sign-function route otherwise.</summary>
    public static Matrix Solve(Matrix a, Matrix q) =>
        a.IsSymmetric(1e-14) ? SolveSymmetric(a, q) : SolveGeneral(a, q);

    /// <summary>
    /// Symmetric 𝒜 = QΛQᵀ: with Q̃ = Qᵀ Q_rhs Q, C̃_ab = −Q̃_ab/(λ_a + λ_b) and C = Q C̃ Qᵀ [models.md §0, D].
    /// </summary>
    public static Matrix SolveSymmetric(Matrix a, Matrix q)
    {
        var eig = new SymmetricEigen(a);
        var v = eig.Vectors;
        var vt = v.Transpose();
        var qt = vt.Multiply(q).Multiply(v);
        int n = a.N;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double den = eig.Values[i] + eig.Values[j];
                if (!(den < 0)) throw new InvalidOperationException("Lyapunov: drift matrix is not stable (an eigenvalue ≥ 0)");
                qt[i, j] = -qt[i, j] / den;
            }
        return v.Multiply(qt).Multiply(vt).Symmetrize();
    }

    /// <summary>
    /// General stable 𝒜: Newton iteration for the matrix sign function (Roberts 1971; Byers' scaling).
    /// A_{k+1} = (cA_k + A_k⁻¹/c)/2, Q_{k+1} = (cQ_k + A_k⁻¹Q_kA_k⁻ᵀ/c)/2; A_k → −I and C = Q_∞/2.
    /// Quadratic convergence, one LU per step: fine for n in the hundreds. Equivalent to Bartels–Stewart
    /// in exactness (the answer is checked by its residual in the tests).
    /// </summary>
    public static Matrix SolveGeneral(Matrix a, Matrix q)
    {
        int n = a.N;
        var ak = a.Clone();
        var qk = q.Clone();
        for (int iter = 0; iter < 100; iter++)
        {
            var inv = new Lu(ak).Inverse();
            double c = Math.Sqrt(inv.FrobeniusNorm() / ak.FrobeniusNorm());
            var next = ak.Add(inv, 0.5 * c, 0.5 / c);
            var aqa = inv.Multiply(qk).Multiply(inv.Transpose());
            qk = qk.Add(aqa, 0.5 * c, 0.5 / c).Symmetrize();
            double change = next.Add(ak, 1, -1).FrobeniusNorm();
            ak = next;
            if (change <= 1e-13 * Math.Sqrt(n)) break;
        }
        // The limit must be −I for a stable drift matrix.
        for (int i = 0; i < n; i++)
            if (Math.Abs(ak[i, i] + 1) > 1e-6) throw new InvalidOperationException("Lyapunov: drift matrix is not stable");
        return qk.Scale(0.5).Symmetrize();
    }

    /// <summary>
    /// Stationary covariance of the discrete chain z' = Φz + ξ, ξ ~ N(0, Q): the solution S of S = ΦSΦᵀ + Q, i.e.
    /// S = Σ_k Φ^k Q Φ^kᵀ, summed by doubling (Smith's method: S ← S + PSPᵀ, P ← P², each step doubles the terms).
    /// A chain with spectral radius of Φ near 1 (slow modes, small Δτ) needs only log₂ of its relaxation steps.
    /// </summary>
    public static Matrix SolveDiscrete(Matrix phi, Matrix q)
    {
        var s = q.Clone();
        var p = phi.Clone();
        for (int iter = 0; iter < 80; iter++)
        {
            var term = p.Multiply(s).Multiply(p.Transpose());
            s = s.Add(term).Symmetrize();
            double norm = s.FrobeniusNorm();
            if (!double.IsFinite(norm)) break;
            if (term.FrobeniusNorm() <= 1e-16 * norm) return s;
            p = p.Multiply(p);
        }
        throw new InvalidOperationException("discrete Lyapunov: the chain is not stable (spectral radius of Φ ≥ 1)");
    }

    /// <summary>‖𝒜C + C𝒜ᵀ + Q‖_F / ‖Q‖_F: how well C satisfies its equation.</summary>
    public static double RelativeResidual(Matrix a, Matrix c, Matrix q)
    {
        var ac = a.Multiply(c);
        var r = ac.Add(ac.Transpose()).Add(q);
        return r.FrobeniusNorm() / q.FrobeniusNorm();
    }
}
