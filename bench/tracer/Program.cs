using System.Diagnostics;
using System.Globalization;
using EntropyScope.Estimators.ActiveNoise;
using EntropyScope.IO;
using EntropyScope.Models.Tracer;
using EntropyScope.Reports.Plots;

// bench/tracer: accuracy figures of the trapped-tracer networks against the exact optimum (README.md).
// Usage: dotnet run -c Release --project bench/tracer -- CASE [--option value ...]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
string mode = args.Length > 0 ? args[0] : "optimum";
var o = ParseOptions(args.Skip(1).ToArray());
var sw = Stopwatch.StartNew();
switch (mode)
{
    case "optimum": OptimumCurve(o); break;
    case "curve": Curve(o); break;
    case "regression": Regression(o); break;
    case "rbp": Rbp(o); break;
    case "ceiling": Ceiling(o); break;
    case "paths": Paths(o); break;
    default: Console.Error.WriteLine($"unknown case {mode}: optimum | curve | regression | rbp | ceiling | paths"); return 2;
}
Console.WriteLine($"wall time {sw.Elapsed.TotalSeconds:F1} s");
return 0;

static TracerModelBundle LoadModel(Dictionary<string, string> o) =>
    o.TryGetValue("model", out var m) ? (m.StartsWith("builtin:", StringComparison.Ordinal) ? TracerDefaultModel.Load(m["builtin:".Length..]) : TracerModelBundle.Load(m))
                                      : TracerDefaultModel.Load();

static int[] Lengths(Dictionary<string, string> o, string fallback) => o.GetValueOrDefault("lengths", fallback).Split(',').Select(int.Parse).ToArray();

// exact optimum H(Y|X) vs length (estimators.md §5)
static void OptimumCurve(Dictionary<string, string> o)
{
    var lengths = Lengths(o, "50,100,200,500,1000,2000");
    int n = int.Parse(o.GetValueOrDefault("trajectories", "400"));
    int draws = int.Parse(o.GetValueOrDefault("draws", "1000"));
    var method = o.GetValueOrDefault("method", "laplace") == "prior" ? MarginalMethod.PriorMonteCarlo : MarginalMethod.LaplaceImportance;
    var obs = new TracerObservation { Dt = double.Parse(o.GetValueOrDefault("dt", "0.05")) };
    var prior = TracerPrior.Default;
    var exact = new ExactActiveClassifier(prior, obs.Dt, 0, new MarginalOptions { Draws = draws, Method = method });
    Console.WriteLine($"exact passive-vs-AOUP optimum, default prior, dt {obs.Dt}, {n} trajectories/length, {method} K={draws}");
    Console.WriteLine("length  H(Y|X)   ±se     accuracy  seconds");
    foreach (int len in lengths)
    {
        var t = Stopwatch.StartNew();
        var (x, y, _) = OptimalLogLoss.TestSet(prior, obs, n, len, seed: 1000 + len);
        var p = OptimalLogLoss.Score(OptimalLogLoss.LogOdds(exact, x, n, len, seed: 7), y, len);
        Console.WriteLine($"{len,6}  {p.LogLoss:F4}  {p.StandardError:F4}  {p.Accuracy,8:F3}  {t.Elapsed.TotalSeconds,7:F1}");
    }
}

// paper Fig. 3: LSTM, exact optimum and feed-forward log-loss vs length on the same held-out trajectories
static void Curve(Dictionary<string, string> o)
{
    var model = LoadModel(o);
    var net = model.Networks[TracerTask.Active];
    var cfg = model.Config;
    var lengths = Lengths(o, "50,100,200,500,1000,2000");
    int n = int.Parse(o.GetValueOrDefault("trajectories", "400"));
    double ffSeconds = double.Parse(o.GetValueOrDefault("ff-seconds", "60"));
    string svgPath = o.GetValueOrDefault("svg", "bench/tracer/logloss-vs-length.svg");
    var obs = new TracerObservation { Dt = cfg.Dt };
    var exact = new ExactActiveClassifier(cfg.Prior, cfg.Dt);
    Console.WriteLine($"passive vs AOUP log-loss, model {model.Source} (hidden {cfg.Hidden}, lengths {cfg.MinLength}..{cfg.MaxLength}), {n} held-out trajectories/length, dt {cfg.Dt}");
    Console.WriteLine("length  optimum ±se      LSTM ±se         LSTM/opt  FF      acc(opt) acc(LSTM) acc(FF)  seconds");
    var rows = new List<(int L, LogLossPoint Opt, LogLossPoint Lstm, LogLossPoint? Ff)>();
    foreach (int len in lengths)
    {
        var t = Stopwatch.StartNew();
        var (x, y, _) = OptimalLogLoss.TestSet(cfg.Prior, obs, n, len, seed: 1000 + len);
        var opt = OptimalLogLoss.Score(OptimalLogLoss.LogOdds(exact, x, n, len, seed: 7), y, len);
        var f = cfg.Features.Encode(x, n, len);
        var lstm = OptimalLogLoss.Score(TracerTrainer.Predict(net, f), y, len);
        LogLossPoint? ff = null;
        if (ffSeconds > 0)
        {
            var baseline = FeedForwardBaseline.Train(TracerTask.Active, len, new TracerTrainingOptions { Prior = cfg.Prior, Observation = obs, BatchSize = 128, Patience = 30, Seed = 3 }, ffSeconds);
            ff = OptimalLogLoss.Score(baseline.Predict(f), y, len);
        }
        rows.Add((len, opt, lstm, ff));
        Console.WriteLine($"{len,6}  {opt.LogLoss:F4} {opt.StandardError:F4}  {lstm.LogLoss:F4} {lstm.StandardError:F4}  {lstm.LogLoss / opt.LogLoss,8:F3}  {(ff is { } q ? q.LogLoss.ToString("F4") : "-"),6}  {opt.Accuracy,7:F3}  {lstm.Accuracy,8:F3}  {(ff is { } q2 ? q2.Accuracy.ToString("F3") : "-"),6}  {t.Elapsed.TotalSeconds,7:F1}");
    }
    int[] within = rows.Where(r => r.L >= 200).Select(r => r.Lstm.LogLoss <= 1.10 * r.Opt.LogLoss ? 1 : 0).ToArray();
    Console.WriteLine($"target LSTM within 10% of the optimum at every length >= 200: {(within.All(w => w == 1) ? "MET" : "NOT MET")} ({within.Sum()}/{within.Length} lengths)");
    var plot = new Plot("Passive vs AOUP: log-loss vs trajectory length", "trajectory length (steps)", "log-loss (nats)") { LogX = true, Legend = "lower left" };
    double[] xs = rows.Select(r => (double)r.L).ToArray();
    plot.AddLine(xs, rows.Select(r => r.Lstm.LogLoss).ToArray(), "LSTM", color: "#1f77b4");
    plot.AddLine(xs, rows.Select(r => r.Opt.LogLoss).ToArray(), "exact optimum (Kalman, prior marginalised) ± se", color: "#2ca02c", dashed: true);
    plot.AddErrorBars(xs, rows.Select(r => r.Opt.LogLoss).ToArray(), rows.Select(r => r.Opt.StandardError).ToArray(), "", color: "#2ca02c");
    if (rows.All(r => r.Ff != null)) plot.AddLine(xs, rows.Select(r => r.Ff!.Value.LogLoss).ToArray(), "feed-forward", color: "#d62728");
    AtomicOutput.WriteAllText(svgPath, plot.ToSvg());
    Console.WriteLine($"wrote {svgPath}");
}

// paper Fig. 4: ln D and ln D_a regression on held-out trajectories
static void Regression(Dictionary<string, string> o)
{
    var model = LoadModel(o);
    var cfg = model.Config;
    var lengths = Lengths(o, "200,500,1000,2000");
    int n = int.Parse(o.GetValueOrDefault("trajectories", "400"));
    var obs = new TracerObservation { Dt = cfg.Dt };
    Console.WriteLine($"regression on held-out trajectories (model {model.Source}); R² of ln-parameter and of the parameter itself");
    Console.WriteLine("task     length   R²(ln)   R²(lin)  rms(ln)  slope(ln) | exact posterior mean: R²(ln) R²(lin) rms(ln) slope(ln) | seconds");
    var exact = new ExactActiveClassifier(cfg.Prior, cfg.Dt);
    foreach (var task in new[] { TracerTask.LogDa, TracerTask.LogD })
    {
        if (!model.Networks.TryGetValue(task, out var net)) continue;
        foreach (int len in lengths)
        {
            var t = Stopwatch.StartNew();
            var b = TracerBatch.Generate(task, n, len, cfg.Prior, obs, cfg.Features, seed: 5000 + len);
            var pred = TracerTrainer.Predict(net, b.Inputs);
            var (centre, half) = task.TargetScale(cfg.Prior);
            var lnTrue = b.Targets.Select(v => centre + half * v).ToArray();
            var lnPred = pred.Select(v => centre + half * v).ToArray();
            double r2ln = R2(lnTrue, lnPred), r2lin = R2(lnTrue.Select(Math.Exp).ToArray(), lnPred.Select(Math.Exp).ToArray());
            double rms = Math.Sqrt(lnTrue.Zip(lnPred, (a, c) => (a - c) * (a - c)).Average());
            string reference = "";
            if (task == TracerTask.LogDa && !o.ContainsKey("no-exact"))
            {
                // the Bayes regressor of ln D_a (posterior mean under the prior, Kalman likelihood): what any network can hope for
                var lnBayes = new double[n];
                Parallel.For(0, n, i => lnBayes[i] = exact.PosteriorMeanLogDa(b.Positions.AsSpan(i * len, len), new Random(i + 17)));
                double rmsB = Math.Sqrt(lnTrue.Zip(lnBayes, (a, c) => (a - c) * (a - c)).Average());
                reference = $"{R2(lnTrue, lnBayes),7:F3} {R2(lnTrue.Select(Math.Exp).ToArray(), lnBayes.Select(Math.Exp).ToArray()),7:F3} {rmsB,7:F3} {Slope(lnTrue, lnBayes),7:F3}";
            }
            Console.WriteLine($"{task.Name(),-8} {len,6}  {r2ln,7:F3}  {r2lin,7:F3}  {rms,7:F3}  {Slope(lnTrue, lnPred),7:F3}   | {reference,-37} | {t.Elapsed.TotalSeconds,7:F1}");
        }
    }
}

// the Bayes ceiling of ln D_a regression (exact posterior mean under the default prior) vs the observation setting
// (frame interval dt and length L, hence total observation time L·dt): what any regressor could reach there
static void Ceiling(Dictionary<string, string> o)
{
    var settings = o.GetValueOrDefault("settings", "0.05x200,0.05x2000,0.05x8000,0.2x2000,0.5x2000,0.5x8000").Split(',')
        .Select(s => s.Split('x')).Select(p => (Dt: double.Parse(p[0]), L: int.Parse(p[1]))).ToArray();
    int n = int.Parse(o.GetValueOrDefault("trajectories", "300"));
    var prior = TracerPrior.Default;
    Console.WriteLine($"Bayes ceiling of ln D_a regression (posterior mean, Kalman likelihood, default prior D, D_a, tau log-uniform [0.1, 10], kappa 1), {n} AOUP trajectories/setting");
    Console.WriteLine("dt      length  L*dt    R²(ln)  R²(lin) rms(ln) | rms(ln) by D_a/D: <0.3   0.3-3   >3   | seconds");
    foreach (var (dt, len) in settings)
    {
        var t = Stopwatch.StartNew();
        var obs = new TracerObservation { Dt = dt };
        var b = TracerBatch.Generate(TracerTask.LogDa, n, len, prior, obs, TracerFeatures.ForPrior(prior, dt), seed: 5000 + len);
        var exact = new ExactActiveClassifier(prior, dt);
        var lnTrue = b.Parameters.Select(p => Math.Log(p.Da)).ToArray();
        var lnBayes = new double[n];
        Parallel.For(0, n, i => lnBayes[i] = exact.PosteriorMeanLogDa(b.Positions.AsSpan(i * len, len), new Random(i + 17)));
        string Rms(Func<double, bool> keep)
        {
            var e = Enumerable.Range(0, n).Where(i => keep(b.Parameters[i].Da / b.Parameters[i].D)).Select(i => Math.Pow(lnTrue[i] - lnBayes[i], 2)).ToArray();
            return e.Length == 0 ? "-" : Math.Sqrt(e.Average()).ToString("F3");
        }
        Console.WriteLine($"{dt,-6}  {len,6}  {len * dt,6:G4}  {R2(lnTrue, lnBayes),6:F3}  {R2(lnTrue.Select(Math.Exp).ToArray(), lnBayes.Select(Math.Exp).ToArray()),6:F3}  {Math.Sqrt(lnTrue.Zip(lnBayes, (a, c) => (a - c) * (a - c)).Average()),6:F3}  |                 {Rms(r => r < 0.3),6}  {Rms(r => r >= 0.3 && r <= 3),6}  {Rms(r => r > 3),6} | {t.Elapsed.TotalSeconds,7:F1}");
    }
}

static double R2(double[] y, double[] p)
{
    double mean = y.Average(), ssTot = 0, ssRes = 0;
    for (int i = 0; i < y.Length; i++) { ssTot += (y[i] - mean) * (y[i] - mean); ssRes += (y[i] - p[i]) * (y[i] - p[i]); }
    return 1 - ssRes / ssTot;
}

// least-squares slope of the prediction on the truth: below 1 is shrinkage toward the prior mean; for a calibrated
// posterior mean it equals R², so slope ≈ R² means the estimator is calibrated and only lacks information
static double Slope(double[] y, double[] p)
{
    double my = y.Average(), mp = p.Average(), cov = 0, var = 0;
    for (int i = 0; i < y.Length; i++) { cov += (y[i] - my) * (p[i] - mp); var += (y[i] - my) * (y[i] - my); }
    return cov / var;
}

// AOUP (0) vs RBP (1): LSTM accuracy / log-loss, and the approximate known-parameter optimum (angle grid)
// simulator check: passive physics through the passive code path and through the AOUP path with D_a = 1e-9 (two normals
// per frame instead of one). The classifier must not tell them apart; with the legacy seeded Random it did (docs/tracer.md).
static void Paths(Dictionary<string, string> o)
{
    var model = LoadModel(o);
    var cfg = model.Config;
    int n = int.Parse(o.GetValueOrDefault("trajectories", "400")), len = int.Parse(o.GetValueOrDefault("length", "2000"));
    var obs = new TracerObservation { Dt = cfg.Dt };
    Console.WriteLine($"passive physics through two code paths, model {model.Source}, dt {cfg.Dt}, {n} trajectories of {len} frames");
    foreach (var (label, da) in new[] { ("passive path", 0.0), ("AOUP path, D_a = 1e-9", 1e-9) })
    {
        var (x, _) = TracerEnsemble.Simulate(n, len, obs, rng =>
        {
            var p = cfg.Prior.Sample(TracerModel.Passive, rng);
            return da > 0 ? new TracerParameters(TracerModel.Aoup, p.Kappa, p.D, da, p.Tau) : p;
        }, seed: 99);
        var pActive = TracerTrainer.Predict(model.Networks[TracerTask.Active], cfg.Features.Encode(x, n, len)).Select(ExactActiveClassifier.Logistic).ToArray();
        double mean = pActive.Average(), se = Math.Sqrt(pActive.Sum(q => (q - mean) * (q - mean)) / (n - 1) / n);
        Console.WriteLine($"{label,-24} mean LSTM P(active) {mean:F3} ± {se:F3}   share called active {pActive.Count(q => q > 0.5) / (double)n:F3}");
    }
}

static void Rbp(Dictionary<string, string> o)
{
    var model = LoadModel(o);
    var cfg = model.Config;
    var lengths = Lengths(o, "200,500,1000,2000");
    int n = int.Parse(o.GetValueOrDefault("trajectories", "200"));
    int grid = int.Parse(o.GetValueOrDefault("grid", "64"));
    var obs = new TracerObservation { Dt = cfg.Dt };
    model.Networks.TryGetValue(TracerTask.Rbp, out var net);
    Console.WriteLine($"AOUP (0) vs RBP (1), model {model.Source}; oracle = known parameters, RBP likelihood on a {grid}-bin angle grid (approximate)");
    Console.WriteLine("length  acc(LSTM)  logloss(LSTM)  acc(oracle)  logloss(oracle)  seconds");
    foreach (int len in lengths)
    {
        var t = Stopwatch.StartNew();
        var b = TracerBatch.Generate(TracerTask.Rbp, n, len, cfg.Prior, obs, cfg.Features, seed: 7000 + len);
        var labels = b.Targets.Select(v => (int)v).ToArray();
        string lstm = "-", lstmLoss = "-";
        if (net != null)
        {
            var s = OptimalLogLoss.Score(TracerTrainer.Predict(net, b.Inputs), labels, len);
            lstm = s.Accuracy.ToString("F3"); lstmLoss = $"{s.LogLoss:F4}±{s.StandardError:F4}";
        }
        var z = new double[n];
        Parallel.For(0, n, i =>
        {
            var p = b.Parameters[i];
            var x = b.Positions.AsSpan(i * len, len);
            double la = AoupKalman.LogLikelihood(x, new AoupDynamics(p.Kappa, p.D, p.Da, p.Tau, cfg.Dt));
            double lr = new RbpAngleGridLikelihood(grid).LogLikelihood(x, p, cfg.Dt);
            z[i] = lr - la;
        });
        var oracle = OptimalLogLoss.Score(z, labels, len);
        Console.WriteLine($"{len,6}  {lstm,9}  {lstmLoss,13}  {oracle.Accuracy,11:F3}  {oracle.LogLoss,8:F4}±{oracle.StandardError:F4}  {t.Elapsed.TotalSeconds,7:F1}");
    }
}

static Dictionary<string, string> ParseOptions(string[] a)
{
    var d = new Dictionary<string, string>();
    for (int i = 0; i + 1 < a.Length; i += 2) d[a[i].TrimStart('-')] = a[i + 1];
    return d;
}
