using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EntropyScope.Reports.Plots;

namespace EntropyScope.Estimators.SpeedAccuracy;

/// <summary>
/// The files of a diffusion run (docs/diffusion.md): table.csv, summary.json, series/*.csv and the SVG plots of
/// Ṡ_t, T_tṠ_t, v₂(t) and the pointwise bound v_loss² ≤ T_tṠ_t against time. The caller writes them into a
/// temporary folder (AtomicOutput.WriteDirectory).
/// </summary>
public static class SpeedAccuracyFiles
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Write(string directory, DiffusionExperimentResult result, double wallSeconds = double.NaN)
    {
        File.WriteAllText(Path.Combine(directory, "table.csv"), TableCsv(result));
        File.WriteAllText(Path.Combine(directory, "summary.json"), SummaryJson(result, wallSeconds).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        string series = Path.Combine(directory, "series");
        Directory.CreateDirectory(series);
        foreach (var r in result.Results)
            File.WriteAllText(Path.Combine(series, SeriesFileName(r.Row)), SeriesCsv(r.Series));
        foreach (var (name, svg) in Plots(result))
            File.WriteAllText(Path.Combine(directory, name), svg);
    }

    /// <summary>series/&lt;schedule&gt;_&lt;perturbation&gt;.csv for the exact flow, …_&lt;sampler&gt;-&lt;K&gt;.csv for a discretised sampler.</summary>
    public static string SeriesFileName(SpeedAccuracyRow row) =>
        row.Sampler == "exact" ? $"{Safe(row.Schedule)}_{Safe(row.Perturbation)}.csv" : $"{Safe(row.Schedule)}_{Safe(row.Perturbation)}_{Safe(row.Sampler)}.csv";

    private static string Safe(string s) => new(s.Select(c => char.IsLetterOrDigit(c) || c is '-' or '.' ? c : '_').ToArray());

    private static string F(double v) => double.IsFinite(v) ? v.ToString("R", Inv) : (double.IsNaN(v) ? "nan" : v > 0 ? "inf" : "-inf");

    public static string TableCsv(DiffusionExperimentResult result)
    {
        var sb = new StringBuilder("schedule,perturbation,sampler,eta,c1,c2,w_d,slack_c1_minus_eta,slack_c2_minus_c1,slack_wd_minus_c1,delta_w1,d0,w1_data,w1_start,w1_generated,entropy_production,conservative,bound_holds,max_pointwise_excess\n");
        foreach (var r in result.Results.Select(x => x.Row))
            sb.AppendJoin(',', r.Schedule, r.Perturbation, r.Sampler, F(r.Eta), F(r.C1), F(r.C2), F(r.WD), F(r.SlackEtaC1), F(r.SlackC1C2), F(r.SlackC1WD),
                F(r.DeltaW1), F(r.D0), F(r.W1Data), F(r.W1Start), F(r.W1Generated), F(r.EntropyProduction), r.Conservative ? "true" : "false",
                r.BoundHolds() ? "true" : "false", F(r.MaxPointwiseExcess)).Append('\n');
        return sb.ToString();
    }

    public static string SeriesCsv(SpeedAccuracySeries s)
    {
        var sb = new StringBuilder("t,force_rate,temperature,rms_velocity,entropy_rate,t_times_entropy_rate,v2,v_loss,w1\n");
        for (int j = 0; j < s.T.Length; j++)
            sb.AppendJoin(',', F(s.T[j]), F(s.ForceRate[j]), F(s.Temperature[j]), F(s.RmsVelocity[j]), F(s.EntropyRate[j]),
                F(s.TemperatureTimesEntropyRate[j]), F(s.WassersteinSpeed[j]), F(s.LossSpeed[j]), F(s.W1[j])).Append('\n');
        return sb.ToString();
    }

    private static JsonNode? N(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;

    public static JsonObject RowJson(SpeedAccuracyRow r) => new()
    {
        ["schedule"] = r.Schedule,
        ["perturbation"] = r.Perturbation,
        ["sampler"] = r.Sampler,
        ["eta"] = N(r.Eta),
        ["c1"] = N(r.C1),
        ["c2"] = N(r.C2),
        ["w_d"] = N(r.WD),
        ["bound_holds"] = r.BoundHolds(),
        ["slack"] = new JsonObject { ["c1_minus_eta"] = N(r.SlackEtaC1), ["c2_minus_c1"] = N(r.SlackC1C2), ["wd_minus_c1"] = N(r.SlackC1WD) },
        ["delta_w1"] = N(r.DeltaW1),
        ["d0"] = N(r.D0),
        ["w1_data"] = N(r.W1Data),
        ["w1_start"] = N(r.W1Start),
        ["w1_generated"] = N(r.W1Generated),
        ["entropy_production"] = N(r.EntropyProduction),
        ["conservative"] = r.Conservative,
        ["max_pointwise_excess"] = N(r.MaxPointwiseExcess),
        ["series"] = "series/" + SeriesFileName(r),
    };

    public static JsonObject SummaryJson(DiffusionExperimentResult result, double wallSeconds = double.NaN)
    {
        var spec = result.Spec;
        var o = new JsonObject
        {
            ["data"] = spec.Data,
            ["tau"] = spec.Tau,
            ["seed"] = spec.Seed,
            ["epsilon"] = spec.Options.Epsilon,
            ["time_intervals"] = spec.Options.TimeIntervals,
            ["particles"] = spec.Options.Particles,
            ["samplers"] = new JsonArray(spec.Samplers.Select(x => (JsonNode)new JsonObject
            {
                ["label"] = x.Label, ["method"] = x.Name,
                ["spacing"] = x.Kind == Models.Diffusion.SamplerKind.Exact ? null : x.Spacing.ToString().ToLowerInvariant(), ["steps"] = x.Kind == Models.Diffusion.SamplerKind.Exact ? null : x.Steps,
                ["function_evaluations"] = x.Kind == Models.Diffusion.SamplerKind.Exact ? null : x.FunctionEvaluations,
            }).ToArray()),
            ["rows"] = new JsonArray(result.Results.Select(r => (JsonNode)RowJson(r.Row)).ToArray()),
            ["all_bounds_hold"] = result.Results.All(r => r.Row.BoundHolds()),
            ["wall_seconds"] = N(wallSeconds),
            ["convergence"] = new JsonArray(result.Convergence.Select(c => (JsonNode)new JsonObject
            {
                ["schedule"] = c.Schedule, ["perturbation"] = c.Perturbation, ["epsilon"] = c.Epsilon,
                ["eta"] = N(c.Eta), ["c1"] = N(c.C1), ["c2"] = N(c.C2), ["w_d"] = N(c.WD),
            }).ToArray()),
        };
        if (spec.IsTwoDimensional)
        {
            o["data_points"] = spec.DataPoints;
            o["g"] = new JsonArray(spec.G.Select(g => (JsonNode)JsonValue.Create(g)!).ToArray());
        }
        if (result.ClosedForm.Count > 0)
            o["closed_form"] = new JsonArray(result.ClosedForm.Select(r => (JsonNode)new JsonObject
            {
                ["schedule"] = r.Schedule, ["perturbation"] = r.Perturbation, ["eta"] = r.Eta, ["c1"] = r.C1, ["c2"] = r.C2,
            }).ToArray());
        return o;
    }

    /// <summary>entropy_rate.svg, t_entropy_rate.svg, wasserstein_speed.svg (one line per schedule) and bound_&lt;perturbation&gt;.svg.</summary>
    public static IEnumerable<(string Name, string Svg)> Plots(DiffusionExperimentResult result)
    {
        // Schedule-only quantities: take each schedule's first result.
        var perSchedule = result.Results.GroupBy(r => r.Row.Schedule)
            .Select(g => g.OrderBy(r => r.Row.Sampler == "exact" ? 0 : 1).First()).ToList(); // the fine grid when there is one
        var rate = new Plot("Entropy production rate of the forward process", "t", "Ṡ_t") { LogY = true };
        var work = new Plot("Dissipated work rate T_t·Ṡ_t = E‖ν_t‖²", "t", "T_t·Ṡ_t");
        var speed = new Plot("Wasserstein speed v₂(t)", "t", "v₂(t)");
        foreach (var r in perSchedule)
        {
            var s = r.Series;
            if (s.EntropyRate.Any(double.IsFinite)) rate.AddLine(s.T, s.EntropyRate, r.Row.Schedule);
            work.AddLine(s.T, s.TemperatureTimesEntropyRate, r.Row.Schedule);
            if (s.WassersteinSpeed.Any(double.IsFinite)) speed.AddLine(s.T, s.WassersteinSpeed, r.Row.Schedule);
        }
        yield return ("entropy_rate.svg", rate.ToSvg());
        yield return ("t_entropy_rate.svg", work.ToSvg());
        yield return ("wasserstein_speed.svg", speed.ToSvg());
        // The bound plots show the first sampler of the run (one line pair per schedule stays readable).
        string firstSampler = result.Results.Count > 0 ? result.Results[0].Row.Sampler : "exact";
        foreach (var group in result.Results.Where(r => r.Row.Sampler == firstSampler).GroupBy(r => r.Row.Perturbation))
        {
            string which = firstSampler == "exact" ? "" : $", sampler {firstSampler}";
            var bound = new Plot($"Bound v_loss² ≤ T_t·Ṡ_t (Eq. 80), perturbation: {group.Key}{which}", "t", "rate") { LogY = true };
            int i = 0;
            foreach (var r in group)
            {
                string color = Plot.Palette[i++ % Plot.Palette.Length];
                bound.AddLine(r.Series.T, r.Series.LossSpeed.Select(v => v * v).ToArray(), $"v_loss² {r.Row.Schedule}", color);
                bound.AddLine(r.Series.T, r.Series.TemperatureTimesEntropyRate, $"T·Ṡ {r.Row.Schedule}", color, dashed: true);
            }
            bound.Legend = "lower right";
            // v_loss² touches 0 where W₁(t) turns; show four decades below the top instead of down to round-off.
            double top = group.Max(r => r.Series.TemperatureTimesEntropyRate.Concat(r.Series.LossSpeed.Select(v => v * v)).Where(double.IsFinite).DefaultIfEmpty(1).Max());
            if (top > 0) bound.YRange = (top * 1e-4, top * 2);
            yield return ($"bound_{Safe(group.Key)}.svg", bound.ToSvg());
        }
    }
}
