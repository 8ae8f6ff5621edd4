using System.Globalization;

namespace EntropyScope.Models.Diffusion;

/// <summary>
/// A user-given (m_t, σ_t) schedule read from CSV (header "t,m,sigma"), interpolated by monotone cubics.
/// Validated as models.md §8 requires: t strictly increasing from 0; m₀ = 1, σ₀ = 0; m non-increasing and &gt; 0
/// before τ; σ &gt; 0 inside (0, τ]; T_t = σσ̇ − σ²ṁ/m ≥ 0 (Eq. 24) everywhere on the interpolant.
/// </summary>
public sealed class TableSchedule : NoiseSchedule
{
    private readonly MonotoneCubic _m, _sigma;
    private readonly double _tau;

    public override string Name { get; }
    public override double Tau => _tau;

    /// <param name="source">what error messages name (the file path); defaults to <paramref name="name"/>.</param>
    public TableSchedule(string name, double[] t, double[] m, double[] sigma, string? source = null)
    {
        Name = name;
        source ??= name;
        Validate(source, t, m, sigma);
        _tau = t[^1];
        _m = new MonotoneCubic(t, m);
        _sigma = new MonotoneCubic(t, sigma);
        // Eq. 24: the temperature must be non-negative between rows too (the interpolant is checked densely).
        for (int i = 1; i < 4000; i++)
        {
            double ti = _tau * i / 4000.0;
            double T = Temperature(ti);
            if (M(ti) > 0 && T < -1e-9 * Math.Max(1, Math.Abs(SigmaDot(ti))))
                throw new InputException($"{source}: temperature T_t = σσ̇ − σ²ṁ/m is negative ({T:G4}) at t = {ti:G6}; σ_t/m_t must not decrease");
        }
    }

    public override double M(double t) => _m.Value(t);
    public override double Sigma(double t) => _sigma.Value(t);
    public override double MDot(double t) => _m.Derivative(t);
    public override double SigmaDot(double t) => _sigma.Derivative(t);

    /// <summary>Reads "t,m,sigma" rows (a header line is required; '#' lines are comments).</summary>
    public static TableSchedule Load(string path)
    {
        if (!File.Exists(path)) throw new InputException($"{path}: schedule file not found");
        var lines = File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        if (lines.Count == 0) throw new InputException($"{path}: empty schedule file");
        var header = lines[0].Split(',').Select(h => h.Trim().ToLowerInvariant()).ToArray();
        int it = Array.IndexOf(header, "t"), im = Array.IndexOf(header, "m"), isg = Array.IndexOf(header, "sigma");
        if (it < 0 || im < 0 || isg < 0) throw new InputException($"{path}: header must name the columns t, m, sigma (got \"{lines[0]}\")");
        var (t, m, s) = (new List<double>(), new List<double>(), new List<double>());
        for (int i = 1; i < lines.Count; i++)
        {
            var f = lines[i].Split(',');
            if (f.Length < header.Length) throw new InputException($"{path}: line {i + 1} has {f.Length} fields, expected {header.Length}");
            t.Add(Parse(path, i, f[it]));
            m.Add(Parse(path, i, f[im]));
            s.Add(Parse(path, i, f[isg]));
        }
        return new TableSchedule(Path.GetFileNameWithoutExtension(path), t.ToArray(), m.ToArray(), s.ToArray(), path);
    }

    private static double Parse(string path, int line, string field)
    {
        if (!double.TryParse(field.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
            throw new InputException($"{path}: line {line + 1}: \"{field.Trim()}\" is not a finite number");
        return v;
    }

    private static void Validate(string name, double[] t, double[] m, double[] sigma)
    {
        int n = t.Length;
        if (n < 3) throw new InputException($"{name}: a schedule table needs at least 3 rows, got {n}");
        if (t[0] != 0) throw new InputException($"{name}: the first row must be t = 0 (got {t[0]})");
        for (int i = 1; i < n; i++)
            if (!(t[i] > t[i - 1])) throw new InputException($"{name}: t is not strictly increasing at row {i + 1} (t = {t[i]} after {t[i - 1]})");
        if (Math.Abs(m[0] - 1) > 1e-9 || Math.Abs(sigma[0]) > 1e-9)
            throw new InputException($"{name}: the schedule must start at m = 1, sigma = 0 (got m = {m[0]}, sigma = {sigma[0]})");
        for (int i = 1; i < n; i++)
        {
            if (!(sigma[i] > 0)) throw new InputException($"{name}: sigma must be > 0 inside the interval; sigma = {sigma[i]} at t = {t[i]}");
            if (m[i] > m[i - 1]) throw new InputException($"{name}: m is not monotone (non-increasing) at t = {t[i]} ({m[i]} after {m[i - 1]})");
            if (m[i] < 0 || (m[i] == 0 && i < n - 1)) throw new InputException($"{name}: m must stay > 0 before t = τ; m = {m[i]} at t = {t[i]}");
            if (i < n - 1 && sigma[i] / m[i] < sigma[i - 1] / m[i - 1] - 1e-12)
                throw new InputException($"{name}: sigma/m decreases at t = {t[i]}, so the temperature T_t would be negative");
        }
    }
}
