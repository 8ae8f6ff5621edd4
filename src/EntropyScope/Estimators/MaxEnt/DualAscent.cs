namespace EntropyScope.Estimators.MaxEnt;

/// <summary>Outcome of maximising the dual on the training part.</summary>
public sealed record DualSolution(double[] Theta, int Iterations, double TrainObjective, double ValidationObjective, string StoppedBy);

/// <summary>
/// Maximises the concave dual on the training part while tracking the validation objective and keeping the θ with
/// the best one (estimators.md §4 "Splits and stopping": patience; stop when |Δf_train| &lt; tol, f_train &gt; ln n_train
/// or f_val &gt; ln n_val). Two solvers: Barzilai–Borwein gradient ascent (default) and Newton with a backtracking line
/// search on the regularised tilted covariance (solved by CG, so only Hessian-vector products are needed).
/// </summary>
public static class DualAscent
{
    public static DualSolution Maximise(DualObjective train, DualObjective validation, MaxEntSolverOptions o, double[]? start = null)
    {
        int d = train.Dimension;
        var theta = start is null ? new double[d] : (double[])start.Clone();
        var best = (double[])theta.Clone();
        var grad = new double[d];
        double f = train.ValueAndGradient(theta, grad);
        double bestVal = validation.Value(theta);
        int sinceBest = 0, it = 0;
        string stop = "max-iterations";
        bool newton = o.Solver == MaxEntSolver.Newton;
        int maxIt = newton ? o.MaxNewtonIterations : o.MaxIterations;
        var prevTheta = new double[d];
        var prevGrad = new double[d];
        var step = new double[d];
        var y = new double[d];
        for (it = 1; it <= maxIt; it++)
        {
            double fPrev = f;
            if (newton)
            {
                var (dir, _, _) = ConjugateGradient.Solve((v, r) => train.TiltedCovarianceTimes(v, r), grad, o.NewtonRegularisation, o.MaxCgIterations);
                double slope = ConjugateGradient.Dot(dir, grad);
                if (!(slope > 0)) { stop = "converged"; break; }
                // Backtracking (Armijo) on f_train along the Newton direction.
                double t = 1;
                var trial = new double[d];
                double fTrial = double.NegativeInfinity;
                for (int ls = 0; ls < 40; ls++, t *= 0.5)
                {
                    for (int j = 0; j < d; j++) trial[j] = theta[j] + t * dir[j];
                    fTrial = train.Value(trial);
                    if (fTrial >= f + 1e-4 * t * slope) break;
                }
                if (!(fTrial > f)) { stop = "converged"; break; }
                Array.Copy(trial, theta, d);
                f = train.ValueAndGradient(theta, grad);
            }
            else
            {
                Array.Copy(theta, prevTheta, d);
                Array.Copy(grad, prevGrad, d);
                double eta = o.InitialStep;
                if (it > 1)
                {
                    // BB: s = Δθ, y = Δ∇f, α = sᵀy/yᵀy (< 0 for concave f); θ ← θ − α∇f
                    double sy = ConjugateGradient.Dot(step, y), yy = ConjugateGradient.Dot(y, y);
                    double alpha = sy / yy;
                    eta = double.IsFinite(alpha) && alpha != 0 ? -alpha : o.InitialStep;
                }
                for (int j = 0; j < d; j++) theta[j] += eta * grad[j];
                f = train.ValueAndGradient(theta, grad);
                if (!double.IsFinite(f))
                {
                    Array.Copy(prevTheta, theta, d);
                    stop = "non-finite objective";
                    break;
                }
                for (int j = 0; j < d; j++) { step[j] = theta[j] - prevTheta[j]; y[j] = grad[j] - prevGrad[j]; }
            }
            double val = validation.Value(theta);
            if (val > bestVal) { bestVal = val; Array.Copy(theta, best, d); sinceBest = 0; }
            else if (++sinceBest >= o.Patience) { stop = "patience"; break; }
            if (Math.Abs(f - fPrev) < o.Tolerance) { stop = "converged"; break; }
            if (f > train.LnCount) { stop = "train objective above ln n_train"; break; }
            if (val > validation.LnCount) { stop = "validation objective above ln n_val"; break; }
        }
        return new DualSolution(best, Math.Min(it, maxIt), train.Value(best), bestVal, stop);
    }
}
