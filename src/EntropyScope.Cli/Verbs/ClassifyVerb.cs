using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EntropyScope.Estimators.ActiveNoise;

namespace EntropyScope.Cli.Verbs;

/// <summary>`entropyscope classify`: active or passive? AOUP or RBP? D and D_a — per tracer trajectory (issue 7).</summary>
public static class ClassifyVerb
{
    public static Command Create()
    {
        var cmd = new Command("classify", "Classify 1D trapped-tracer trajectories (passive vs active, AOUP vs RBP) and estimate D, D_a, with the autocorrelation fit beside them.");
        var input = new Argument<string>("TRAJECTORIES") { Description = "NPY (L), (M, L) or (M, L, 1), or CSV (one trajectory per row, or one column)" };
        var dt = new Option<double>("--dt") { Description = "Frame interval of the trajectories", Required = true };
        var model = new Option<string?>("--model") { Description = "Model folder from train-classifier (default: the built-in model)" };
        var json = new Option<bool>("--json") { Description = "Machine-readable summary on stdout" };
        var kappa = new Option<string>("--fit-kappa") { Description = "Autocorrelation fit: trap stiffness κ to hold fixed, or 'free' (reports every κ↔1/τ labelling). Default: the model prior's κ when fixed, else free", DefaultValueFactory = _ => "prior" };
        var maxLag = new Option<double>("--fit-max-lag") { Description = "Autocorrelation fit: largest lag time t′ fitted", DefaultValueFactory = _ => 5.0 };
        var boot = new Option<int>("--fit-bootstrap") { Description = "Autocorrelation fit: parametric-bootstrap replicas for the intervals (0 = none)", DefaultValueFactory = _ => 20 };
        var noExact = new Option<bool>("--no-exact") { Description = "Skip the exact (Kalman, prior-marginalised) posterior P(active | x)" };
        var seed = new Option<long>("--seed") { Description = "Seed of the bootstrap and of the exact posterior's importance sampling", DefaultValueFactory = _ => 1 };
        cmd.Arguments.Add(input);
        foreach (var o in new Option[] { dt, model, json, kappa, maxLag, boot, noExact, seed }) cmd.Options.Add(o);
        cmd.SetAction(r =>
        {
            double step = r.GetValue(dt);
            if (!(step > 0) || double.IsInfinity(step)) throw new InputException($"--dt: must be a positive finite number, got {step}");
            string path = r.GetValue(input)!;
            var trajectories = TrajectoryInput.Read(path, TracerClassification.MinimumLength);
            string? modelPath = r.GetValue(model);
            var bundle = modelPath == null ? TracerDefaultModel.Load(step) : TracerModelBundle.Load(modelPath);
            var prior = bundle.Config.Prior;
            string k = r.GetValue(kappa)!;
            double? fitKappa = k switch
            {
                "prior" => prior.KappaMin == prior.KappaMax ? prior.KappaMin : null,
                "free" => null,
                _ => double.TryParse(k, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v > 0 ? v
                     : throw new InputException($"--fit-kappa: expected a positive number, 'prior' or 'free', got '{k}'"),
            };
            var fitOptions = new AutocorrelationFitOptions { Kappa = fitKappa, MaxLagTime = r.GetValue(maxLag), BootstrapReplicas = r.GetValue(boot) };
            Console.Error.WriteLine($"model {bundle.Source}: trained on dt {bundle.Config.Dt}, lengths {bundle.Config.MinLength}..{bundle.Config.MaxLength}, prior " +
                                    $"κ [{prior.KappaMin}, {prior.KappaMax}], D [{prior.DMin}, {prior.DMax}], D_a [{prior.DaMin}, {prior.DaMax}], τ [{prior.TauMin}, {prior.TauMax}] (log-uniform)");
            var verdicts = TracerClassification.Run(bundle, trajectories, step, fitOptions, !r.GetValue(noExact), r.GetValue(seed), new ConsoleProgress("classify"));
            foreach (var v in verdicts)
                foreach (var w in v.Warnings) Console.Error.WriteLine($"warning: trajectory {v.Index}: {w}");
            if (r.GetValue(json)) Console.WriteLine(ToJson(verdicts, bundle, path, step));
            else PrintTable(verdicts);
            return 0;
        });
        return cmd;
    }

    private static void PrintTable(List<TracerVerdict> verdicts)
    {
        Console.WriteLine("traj  length  P(active)  exact   P(RBP|act)  D [68%]                  D_a [68%]                | fit: D        D_a       tau       κ");
        foreach (var v in verdicts)
        {
            string I((double, double)? b) => b is { } x ? $"[{x.Item1:G3}, {x.Item2:G3}]" : "";
            var f = v.Fit.Best;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{v.Index,4}  {v.Length,6}  {v.PActive,9:F3}  {v.PActiveExact,6:F3}  {v.PRbp,10:F3}  {v.D,7:G3} {I(v.DInterval),-16}  {v.Da,7:G3} {I(v.DaInterval),-16} | {f.D,8:G3}  {f.Da,8:G3}  {f.Tau,8:G3}  {f.Kappa,6:G3}"));
            if (v.Fit.Labellings.Count > 1)
                foreach (var l in v.Fit.Labellings.Skip(1))
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"      ambiguous fit labelling: κ {l.Kappa:G3}, D {l.D:G3}, D_a {l.Da:G3}, τ {l.Tau:G3}"));
        }
    }

    private static string ToJson(List<TracerVerdict> verdicts, TracerModelBundle bundle, string path, double dt)
    {
        JsonArray? Band((double Lo, double Hi)? b) => b is { } x ? new JsonArray(x.Lo, x.Hi) : null;
        var list = new JsonArray();
        foreach (var v in verdicts)
        {
            var f = v.Fit;
            list.Add(new JsonObject
            {
                ["index"] = v.Index,
                ["length"] = v.Length,
                ["p_active"] = v.PActive,
                ["p_active_exact"] = v.PActiveExact,
                ["p_rbp"] = v.PRbp,
                ["d"] = v.D,
                ["d_interval"] = Band(v.DInterval),
                ["d_a"] = v.Da,
                ["d_a_interval"] = Band(v.DaInterval),
                ["fit"] = new JsonObject
                {
                    ["kappa"] = f.Best.Kappa, ["d"] = f.Best.D, ["d_a"] = f.Best.Da, ["tau"] = f.Best.Tau,
                    ["kappa_interval"] = Band(f.KappaInterval), ["d_interval"] = Band(f.DInterval),
                    ["d_a_interval"] = Band(f.DaInterval), ["tau_interval"] = Band(f.TauInterval),
                    ["rms_residual"] = f.RootMeanSquareResidual, ["lags"] = f.Lags,
                    ["labellings"] = new JsonArray(f.Labellings.Select(l => (JsonNode)new JsonObject { ["kappa"] = l.Kappa, ["d"] = l.D, ["d_a"] = l.Da, ["tau"] = l.Tau }).ToArray()),
                },
                ["warnings"] = new JsonArray(v.Warnings.Select(w => (JsonNode)JsonValue.Create(w)!).ToArray()),
            });
        }
        var root = new JsonObject
        {
            ["input"] = path,
            ["dt"] = dt,
            ["model"] = bundle.Source,
            ["model_dt"] = bundle.Config.Dt,
            ["prior"] = JsonSerializer.SerializeToNode(bundle.Config.Prior),
            ["interval_level"] = "regressors: ±1 validation residual sd of ln-parameter (~68%); fit: parametric-bootstrap 16-84%",
            ["trajectories"] = list,
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
