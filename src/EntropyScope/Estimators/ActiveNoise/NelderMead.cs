namespace EntropyScope.Estimators.ActiveNoise;

/// <summary>Nelder–Mead maximisation of a smooth function of a few variables (standard coefficients 1, 2, ½, ½).</summary>
internal static class NelderMead
{
    public static (double[] X, double F) Maximise(Func<double[], double> f, double[] start, double step, int maxEvaluations = 400, double tolerance = 1e-7)
    {
        int n = start.Length;
        var pts = new double[n + 1][];
        var val = new double[n + 1];
        for (int i = 0; i <= n; i++)
        {
            pts[i] = (double[])start.Clone();
            if (i > 0) pts[i][i - 1] += step;
            val[i] = f(pts[i]);
        }
        int evals = n + 1;
        var centroid = new double[n];
        while (evals < maxEvaluations)
        {
            // order best (highest) first
            Array.Sort(val, pts, Comparer<double>.Create((a, b) => b.CompareTo(a)));
            if (Math.Abs(val[0] - val[n]) <= tolerance * (1 + Math.Abs(val[0]))) break;
            Array.Clear(centroid);
            for (int i = 0; i < n; i++) for (int k = 0; k < n; k++) centroid[k] += pts[i][k] / n;
            double[] Along(double t) { var p = new double[n]; for (int k = 0; k < n; k++) p[k] = centroid[k] + t * (pts[n][k] - centroid[k]); return p; }
            var xr = Along(-1); double fr = f(xr); evals++;
            if (fr > val[0])
            {
                var xe = Along(-2); double fe = f(xe); evals++;
                (pts[n], val[n]) = fe > fr ? (xe, fe) : (xr, fr);
            }
            else if (fr > val[n - 1]) (pts[n], val[n]) = (xr, fr);
            else
            {
                var xc = fr > val[n] ? Along(-0.5) : Along(0.5);
                double fc = f(xc); evals++;
                if (fc > Math.Max(fr, val[n])) (pts[n], val[n]) = (xc, fc);
                else
                {
                    for (int i = 1; i <= n; i++)
                    {
                        for (int k = 0; k < n; k++) pts[i][k] = pts[0][k] + 0.5 * (pts[i][k] - pts[0][k]);
                        val[i] = f(pts[i]); evals++;
                    }
                }
            }
        }
        int best = 0;
        for (int i = 1; i <= n; i++) if (val[i] > val[best]) best = i;
        return (pts[best], val[best]);
    }
}
