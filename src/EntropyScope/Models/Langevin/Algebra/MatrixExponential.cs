namespace EntropyScope.Models.Langevin.Algebra;

/// <summary>
/// e^A by scaling and squaring with a diagonal [8/8] Padé approximant (Higham's scheme, simplified):
/// scale so ‖A/2^s‖∞ ≤ 1/2, where the [8/8] error is below 1e-16, then square s times.
/// </summary>
public static class MatrixExponential
{
    public static Matrix Of(Matrix a)
    {
        if (a.IsSymmetric(1e-14)) return new SymmetricEigen(a).Apply(Math.Exp);
        int n = a.N;
        double norm = a.InfinityNorm();
        int s = norm > 0.5 ? (int)Math.Ceiling(Math.Log2(norm / 0.5)) : 0;
        var x = a.Scale(Math.Pow(2, -s));
        const int q = 8;
        // Padé coefficients c_k = (2q−k)! q! / ((2q)! k! (q−k)!).
        var numerator = Matrix.Identity(n);
        var denominator = Matrix.Identity(n);
        var power = Matrix.Identity(n);
        double c = 1;
        for (int k = 1; k <= q; k++)
        {
            c *= (double)(q - k + 1) / (k * (2 * q - k + 1));
            power = power.Multiply(x);
            numerator = numerator.Add(power, 1, c);
            denominator = denominator.Add(power, 1, (k % 2 == 0 ? 1 : -1) * c);
        }
        var e = new Lu(denominator).Solve(numerator);
        for (int i = 0; i < s; i++) e = e.Multiply(e);
        return e;
    }
}
