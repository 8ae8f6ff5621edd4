using System.Diagnostics;
using EntropyScope.Estimators.ActiveNoise;
using EntropyScope.Models.Tracer;

// bench/tracer: accuracy figures of the trapped-tracer classifier (see README.md). Usage: dotnet run -c Release --project bench/tracer -- CASE [options]
string mode = args.Length > 0 ? args[0] : "optimum";
var opts = ParseOptions(args.Skip(1).ToArray());
var sw = Stopwatch.StartNew();
switch (mode)
{
    case "optimum":
        OptimumCurve(opts);
        break;
    default:
        Console.Error.WriteLine($"unknown case {mode}: optimum");
        return 2;
}
Console.WriteLine($"wall time {sw.Elapsed.TotalSeconds:F1} s");
return 0;

static void OptimumCurve(Dictionary<string, string> o)
{
    var lengths = o.GetValueOrDefault("lengths", "50,100,200,500,1000,2000").Split(',').Select(int.Parse).ToArray();
    int n = int.Parse(o.GetValueOrDefault("trajectories", "400"));
    int draws = int.Parse(o.GetValueOrDefault("draws", "1000"));
    var method = o.GetValueOrDefault("method", "laplace") == "prior" ? MarginalMethod.PriorMonteCarlo : MarginalMethod.LaplaceImportance;
    var obs = new TracerObservation { Dt = double.Parse(o.GetValueOrDefault("dt", "0.05")) };
    var prior = TracerPrior.Default;
    var exact = new ExactActiveClassifier(prior, obs.Dt, 0, new MarginalOptions { Draws = draws, Method = method });
    Console.WriteLine($"exact passive-vs-AOUP optimum, prior {System.Text.Json.JsonSerializer.Serialize(prior)}, dt {obs.Dt}, {n} trajectories/length, {method} K={draws}");
    Console.WriteLine("length  H(Y|X)   ±se     accuracy  seconds");
    foreach (int len in lengths)
    {
        var t = Stopwatch.StartNew();
        var (x, y, _) = OptimalLogLoss.TestSet(prior, obs, n, len, seed: 1000 + len);
        var z = OptimalLogLoss.LogOdds(exact, x, n, len, seed: 7);
        var p = OptimalLogLoss.Score(z, y, len);
        Console.WriteLine($"{len,6}  {p.LogLoss:F4}  {p.StandardError:F4}  {p.Accuracy,8:F3}  {t.Elapsed.TotalSeconds,7:F1}");
    }
}

static Dictionary<string, string> ParseOptions(string[] a)
{
    var d = new Dictionary<string, string>();
    for (int i = 0; i + 1 < a.Length; i += 2) d[a[i].TrimStart('-')] = a[i + 1];
    return d;
}
