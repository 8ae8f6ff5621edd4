using EntropyScope.Estimators.MaxEnt.Observables;

namespace EntropyScope.Estimators.MaxEnt;

/// <summary>
/// Held-out versions of the MaxEnt bound's two closed-form companions (estimators.md §4): the multidimensional TUR
/// and the one-step Newton estimate. Both apply an inverse covariance to a mean. Computed in-sample with d comparable
/// to n they over-fit: the plug-in ln(1 + 2ḡᵀC⁻¹ḡ) is about ln(1 + 2d/n) on equilibrium data (0.23 nats in the
/// N = 1000 Ising sweep at β = 0, where the true EP is 0), and the unregularised Newton step gives negative held-out
/// values. So each direction is fitted on the training part, its regularisation (the number of conjugate-gradient
/// steps: the CG iterates shrink like a ridge path) chosen on the validation part, and the figure evaluated on the
/// test part, like the MaxEnt estimate itself.
/// </summary>
public static class HeldOutBounds
{
    /// <summary>
    /// One-step Newton estimate: θ̂_k = k-th CG iterate of (Cov_p̃(g) + εI)θ = ⟨g⟩_p − ⟨g⟩_p̃ on the training part,
    /// k ≥ 0 (k = 0: θ = 0) chosen by the validation objective; reported f_test(θ̂) capped at ln n_test. Any θ gives
    /// a valid lower bound [D], so the selection keeps it one.
    /// </summary>
    public static double NewtonEstimate(DualObjective train, DualObjective validation, DualObjective test, MaxEntSolverOptions o)
    {
        int d = train.Dimension;
        var meanDifference = new double[d];
        train.ValueAndGradient(new double[d], meanDifference); // at θ = 0: ∇f = ⟨g⟩_p − ⟨g⟩_p̃, weights uniform
        var best = new double[d];
        double bestValidation = 0; // the value at θ = 0
        ConjugateGradient.Solve((v, r) => train.TiltedCovarianceTimes(v, r), meanDifference, o.NewtonRegularisation, o.MaxCgIterations,
            onIterate: theta =>
            {
                double f = validation.Value(theta);
                if (f > bestValidation) { bestValidation = f; Array.Copy(theta, best, d); }
            });
        return Math.Min(test.Value(best), test.LnCount);
    }

    /// <summary>
    /// Σ_TUR = ln(1 + 2ΔᵀC⁻¹Δ) (estimators.md §4) is the best scalar TUR ln(1 + 2⟨J⟩²/Var J) over the currents
    /// J = vᵀg, attained at v = C⁻¹Δ (C the forward covariance; Δ = ḡ for antisymmetric g, (⟨g⟩_p − ⟨g⟩_p̃)/2 with
    /// reverse samples [assumed]). v is the CG path of (C_train + λI)v = Δ_train, the iterate with the best validation
    /// score is kept, and the scalar TUR of that J is evaluated on the test part with ⟨J⟩² de-biased (the squared
    /// sample mean minus its variance), so equilibrium data give ≈ 0 whatever d/n. 0 (with a note) when the value
    /// is negative, NaN or above ln n_test.
    /// </summary>
    public static double TurBound(IObservableSamples forward, IObservableSamples? reverse, SampleSplit fs, SampleSplit rs, bool[] mask,
        MaxEntOptions o, List<string> notes)
    {
        int d = forward.Dimension;
        var covariance = new DualObjective(forward, fs.Train, forward, fs.Train, mask); // reverse := forward, sign +
        covariance.ValueAndGradient(new double[d], new double[d]); // uniform weights: the tilted covariance is C_train
        var delta = (double[])covariance.ForwardMean.Clone();
        if (reverse is not null)
        {
            var reverseMean = new DualObjective(reverse, rs.Train, null, null, mask).ForwardMean;
            for (int j = 0; j < d; j++) delta[j] = 0.5 * (delta[j] - reverseMean[j]);
        }
        var best = new double[d];
        double bestValidation = 0;
        int steps = 0, bestStep = 0;
        var (_, _, converged) = ConjugateGradient.Solve((v, r) => covariance.TiltedCovarianceTimes(v, r), delta, o.TurRegularisation, o.Solver.MaxCgIterations,
            onIterate: v =>
            {
                steps++;
                double score = ScalarTur(forward, fs.Validation, reverse, rs.Validation, v);
                if (score > bestValidation) { bestValidation = score; bestStep = steps; Array.Copy(v, best, d); }
            });
        if (!converged && bestStep == steps && steps > 0)
            notes.Add($"tur_bound: the validation score still improved at the last of {steps} CG steps (--max-cg); the value may be below the exact TUR");
        if (bestStep == 0) return 0;
        double value = Math.Log(1 + ScalarTur(forward, fs.Test, reverse, rs.Test, best));
        double lnN = Math.Log(Math.Max(1, fs.Test.Length));
        if (double.IsNaN(value) || value < 0 || value > lnN)
        {
            notes.Add($"tur_bound: held-out value {value:G6} is negative, NaN or above ln n_test = {lnN:G6}; reported as 0");
            return 0;
        }
        return value;
    }

    /// <summary>2⟨J⟩²/Var J for J = vᵀg on one part, with ⟨J⟩² estimated without bias (squared mean − its variance).</summary>
    private static double ScalarTur(IObservableSamples forward, int[] forwardRows, IObservableSamples? reverse, int[] reverseRows, double[] v)
    {
        var (meanF, varF) = Moments(forward, forwardRows, v);
        if (!(varF > 0)) return 0;
        double delta, varianceOfDelta;
        if (reverse is null) { delta = meanF; varianceOfDelta = varF / forwardRows.Length; }
        else
        {
            var (meanR, varR) = Moments(reverse, reverseRows, v);
            delta = 0.5 * (meanF - meanR);
            varianceOfDelta = 0.25 * (varF / forwardRows.Length + varR / Math.Max(1, reverseRows.Length));
        }
        return 2 * Math.Max(0, delta * delta - varianceOfDelta) / varF;
    }

    private static (double Mean, double Variance) Moments(IObservableSamples samples, int[] rows, double[] v)
    {
        if (rows.Length < 2) return (0, 0);
        var a = new double[rows.Length];
        samples.Project(rows, v, a);
        double mean = a.Average(), ss = 0;
        foreach (double x in a) ss += (x - mean) * (x - mean);
        return (mean, ss / (rows.Length - 1));
    }
}
