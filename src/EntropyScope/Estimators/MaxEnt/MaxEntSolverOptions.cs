namespace EntropyScope.Estimators.MaxEnt;

public enum MaxEntSolver { BarzilaiBorwein, Newton }

/// <summary>Solver settings (estimators.md §4 "Ascent", "Newton option", "Splits and stopping").</summary>
public sealed record MaxEntSolverOptions
{
    public MaxEntSolver Solver { get; init; } = MaxEntSolver.BarzilaiBorwein;
    /// <summary>BB: first step size η₀ (also the fallback when the BB step is NaN/∞).</summary>
    public double InitialStep { get; init; } = 1e-3;
    public int MaxIterations { get; init; } = 1000;
    /// <summary>Newton iterations cap (each one solves a CG system).</summary>
    public int MaxNewtonIterations { get; init; } = 50;
    /// <summary>Iterations without a better validation objective before stopping.</summary>
    public int Patience { get; init; } = 10;
    /// <summary>Stop when |Δf_train| falls below this.</summary>
    public double Tolerance { get; init; } = 1e-8;
    /// <summary>Newton: Hessian regulariser ε in (−H + εI)⁻¹∇f.</summary>
    public double NewtonRegularisation { get; init; } = 1e-8;
    /// <summary>Cap on CG iterations per linear solve (Newton steps, TUR, one-step Newton).</summary>
    public int MaxCgIterations { get; init; } = 300;
}
