namespace EntropyScope.Models.Ising;

/// <summary>
/// Kinetic Ising sampler (models.md §6): independent restarts from uniform random states, warm-up of
/// max(0.1·samples_per_restart, 100)·N attempts, N attempts between recorded states, and at each recorded state one
/// independent (not applied) Glauber attempt per spin giving the flip flags. Each restart has its own seeded
/// generator, so the output does not depend on the thread count.
/// </summary>
public static class IsingSampler
{
    public static IsingSamples Run(IsingCouplings j, IsingSamplerOptions o, IProgressSink? progress = null)
    {
        progress ??= ProgressSink.None;
        if (o.SamplesPerSpin < 1) throw new InputException($"--samples-per-spin must be positive (got {o.SamplesPerSpin})");
        if (!(o.Beta >= 0) || double.IsInfinity(o.Beta)) throw new InputException($"--beta must be a finite non-negative number (got {o.Beta})");
        int n = j.N, s = o.SamplesPerSpin;
        if ((long)s * n > int.MaxValue) throw new InputException($"samples × spins = {(long)s * n} exceeds the in-memory limit {int.MaxValue}");
        int restarts = Math.Clamp(o.Restarts, 1, s);
        var states = new sbyte[s * n];
        var flips = new byte[s * n];
        var next = o.Parallel ? new sbyte[s * n] : null;
        var rateSum = new double[restarts];
        var flipSum = new double[restarts * n];
        var flipCount = new long[restarts * n];
        int[] first = new int[restarts + 1];
        for (int r = 0; r < restarts; r++) first[r + 1] = first[r] + s / restarts + (r < s % restarts ? 1 : 0);
        int done = 0;
        System.Threading.Tasks.Parallel.For(0, restarts, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, o.Threads) }, r =>
        {
            var chain = new Chain(j, o.Beta, new Random(unchecked(o.Seed * 1_000_003 + r * 7919 + 1)));
            int spr = first[r + 1] - first[r];
            if (o.Parallel) RunParallel(chain, first[r], spr, states, next!, flips, out rateSum[r]);
            else RunSequential(chain, first[r], spr, states, flips, out rateSum[r], flipSum.AsSpan(r * n, n), flipCount.AsSpan(r * n, n));
            int d = Interlocked.Increment(ref done);
            if (d % Math.Max(1, restarts / 100) == 0) progress.Report((double)d / restarts, $"restart {d}/{restarts}");
        });
        double rate = rateSum.Sum() / s;
        var counts = new long[n];
        double empirical = 0;
        for (int r = 0; r < restarts; r++)
            for (int i = 0; i < n; i++) { counts[i] += flipCount[r * n + i]; empirical += flipSum[r * n + i]; }
        empirical /= o.Parallel ? s : (double)n * s;
        if (o.Parallel) empirical = rate; // parallel: the recorded transitions themselves give the sample mean log-ratio
        return new IsingSamples
        {
            N = n, Count = s, States = states, Flips = flips, NextStates = next, Parallel = o.Parallel,
            RateEntropyRate = rate, EmpiricalEntropyRate = empirical, FlipCounts = counts,
        };
    }

    private static void RunSequential(Chain c, int row0, int count, sbyte[] states, byte[] flips, out double rateSum, Span<double> flipSum, Span<long> flipCount)
    {
        int n = c.N;
        long warm = (long)Math.Max((int)(0.1 * count), 100) * n;
        for (long a = 0; a < warm; a++) c.Attempt();
        rateSum = 0;
        for (int k = 0; k < count; k++)
        {
            int row = (row0 + k) * n;
            double rate = 0;
            for (int i = 0; i < n; i++)
            {
                states[row + i] = c.X[i];
                double h = c.FieldOn(i);
                double w = Glauber.FlipProbability(c.X[i], c.Beta, h);
                double q = Glauber.FlipLogRatio(c.X[i], c.Beta, h);
                rate += w * q;
                if (c.Rng.NextDouble() < w) { flips[row + i] = 1; flipSum[i] += q; flipCount[i]++; }
            }
            rateSum += rate / n;
            for (int a = 0; a < n; a++) c.Attempt();
        }
    }

    private static void RunParallel(Chain c, int row0, int count, sbyte[] states, sbyte[] next, byte[] flips, out double logRatioSum)
    {
        int n = c.N;
        var fx = new double[n];
        var fy = new double[n];
        var y = new sbyte[n];
        int warm = Math.Max((int)(0.1 * count), 100);
        for (int a = 0; a < warm; a++) c.SynchronousStep(fx, y);
        logRatioSum = 0;
        for (int k = 0; k < count; k++)
        {
            int row = (row0 + k) * n;
            for (int i = 0; i < n; i++) states[row + i] = c.X[i];
            c.SynchronousStep(fx, y); // c.X is now y; fx are the fields of the old state
            c.Fields(fy);
            double lr = 0;
            for (int i = 0; i < n; i++)
            {
                sbyte xi = states[row + i], yi = c.X[i];
                next[row + i] = yi;
                if (xi != yi) flips[row + i] = 1;
                // ln W(x→y)/W(y→x), W(x→y) = Π_i [1 + y_i tanh(βh_i(x))]/2 (models.md §6, parallel mode)
                lr += Math.Log(1 + yi * Math.Tanh(c.Beta * fx[i])) - Math.Log(1 + xi * Math.Tanh(c.Beta * fy[i]));
            }
            logRatioSum += lr;
        }
    }

    /// <summary>One chain: spins, the sparse part of the fields (kept up to date on flips) and the magnetisation.</summary>
    private sealed class Chain
    {
        public readonly int N;
        public readonly double Beta;
        public readonly Random Rng;
        public readonly sbyte[] X;
        private readonly IsingCouplings _j;
        private readonly double[] _hSparse;
        private double _m;

        public Chain(IsingCouplings j, double beta, Random rng)
        {
            _j = j; N = j.N; Beta = beta; Rng = rng;
            X = new sbyte[N];
            for (int i = 0; i < N; i++) { X[i] = rng.NextDouble() < 0.5 ? (sbyte)1 : (sbyte)-1; _m += X[i]; }
            _hSparse = new double[N];
            Refresh();
        }

        private void Refresh()
        {
            for (int i = 0; i < N; i++)
            {
                var (ix, v) = _j.Rows[i];
                double h = 0;
                for (int a = 0; a < ix.Length; a++) h += v[a] * X[ix[a]];
                _hSparse[i] = h;
            }
        }

        public double FieldOn(int i) => _j.J0 == 0 ? _hSparse[i] : _hSparse[i] + _j.J0 / N * (_m - X[i]);

        public void Attempt()
        {
            int i = Rng.Next(N);
            if (Rng.NextDouble() < Glauber.FlipProbability(X[i], Beta, FieldOn(i))) Flip(i);
        }

        private void Flip(int i)
        {
            sbyte nx = (sbyte)-X[i];
            X[i] = nx;
            _m += 2 * nx;
            var (ix, v) = _j.Columns[i];
            for (int a = 0; a < ix.Length; a++) _hSparse[ix[a]] += 2 * nx * v[a];
        }

        public void Fields(double[] h) { for (int i = 0; i < N; i++) h[i] = FieldOn(i); }

        /// <summary>x_i ← +1 with probability [1 + tanh(βh_i(x))]/2 for all i at once; fields of x are left in h.</summary>
        public void SynchronousStep(double[] h, sbyte[] y)
        {
            Fields(h);
            for (int i = 0; i < N; i++) y[i] = Rng.NextDouble() < 0.5 * (1 + Math.Tanh(Beta * h[i])) ? (sbyte)1 : (sbyte)-1;
            _m = 0;
            for (int i = 0; i < N; i++) { X[i] = y[i]; _m += y[i]; }
            Refresh();
        }
    }
}
