using System.Text.Json;
using EntropyScope.Estimators.Training;
using EntropyScope.IO;
using EntropyScope.Reports.Plots;
using EntropyScope.Reports.Png;

namespace EntropyScope.Reports.Html;

/// <summary>
/// The page of a CNEEP/NEEP training run (config.json, estimator-k/train_log.csv, summary.json) and, when found, its
/// `estimate` folder (summary.json, delta_s.npy, map.npy, entropy_rate_per_movie.npy) with the truth beside the movies
/// (entropy.npy, truth.json): the figures of CNEEP paper Figs. 2b, 3a, 3c–d, 4b and S1.
/// </summary>
public static class TrainingRunReport
{
    private const int MaxEstimatorPlots = 4, CumulativeMovies = 3, MaxScatterPoints = 4000, MaxLinePoints = 800;

    public static void Write(HtmlPage page, string run, string? estimate, string? estimateNote)
    {
        var files = new RunFiles(page);
        var config = files.Json(Path.Combine(run, "config.json"), "the run's parameters and network size");
        var runSummary = File.Exists(Path.Combine(run, "summary.json")) ? files.Json(Path.Combine(run, "summary.json"), "") : null;
        JsonElement? est = estimate is null ? null : files.Json(Path.Combine(estimate, "summary.json"), "the estimate's headline figures");
        string kind = JsonView.String(config, "kind") ?? "cneep";

        page.Section("overview", "Overview");
        page.KeyValues(Overview(run, estimate, kind, config, est));
        if (estimateNote != null) page.Paragraph(estimateNote, "note");
        if (runSummary is null)
            page.MissingNote($"{Path.Combine(run, "summary.json")} (written when `train` finishes: the run is unfinished or was interrupted)");

        double? trueRate = JsonView.Double(est, "entropy_rate_true") ?? TruthRate(JsonView.String(config, "movies") ?? JsonView.String(config, "trajectories"));
        if (Directory.Exists(run))
        {
            int k = (int)(JsonView.Double(config, "estimators") ?? Directory.GetDirectories(run, "estimator-*").Length);
            TrainingCurves(page, run, Math.Max(k, 1), trueRate);
        }

        if (estimate is null)
        {
            page.Section("estimate", "Estimate");
            string data = JsonView.String(config, "movies") ?? JsonView.String(config, "trajectories") ?? "DATA";
            page.MissingNote($"an `estimate` output folder for this run (none found; run `entropyscope estimate {run} {data} --out {Path.Combine(run, "estimate")}` " +
                             "or pass --estimate DIR): needed for S_θ(τ), ΔS_θ vs ΔS, the dissipation map, bonds and ensemble error bars");
        }
        else
            EstimateSections(page, files, estimate, est, JsonView.Double(config, "dt") ?? JsonView.Double(est, "dt") ?? 1);

        page.Section("parameters", "Run parameters");
        if (config is JsonElement c) page.KeyValues(JsonView.Flatten(c));
        if (runSummary is JsonElement s)
        {
            page.Paragraph("Training summary (summary.json of the run):");
            page.KeyValues(JsonView.Flatten(s));
        }
    }

    private static IEnumerable<(string, string)> Overview(string run, string? estimate, string kind, JsonElement? config, JsonElement? est)
    {
        yield return ("kind", kind.ToUpperInvariant() + " training run");
        yield return ("run folder", Path.GetFullPath(run));
        yield return ("estimate folder", estimate is null ? "none" : Path.GetFullPath(estimate));
        if (JsonView.String(config, "movies") is string m) yield return ("training movies", m);
        if (JsonView.String(config, "trajectories") is string tr) yield return ("training trajectories", tr);
        if (est is null) yield break;
        double? e = JsonView.Double(est, "entropy_rate_estimate"), sd = JsonView.Double(est, "entropy_rate_estimate_std");
        if (e is double ev)
            yield return ("EP rate σ̂_θ", $"{JsonView.Num(ev)} ± {JsonView.Num(sd ?? double.NaN)} ({JsonView.String(est, "entropy_rate_estimate_std_kind") ?? "spread"})");
        if (JsonView.Double(est, "entropy_rate_true") is double t) yield return ("true EP rate σ", JsonView.Num(t));
        if (JsonView.Double(est, "ratio") is double r) yield return ("σ̂_θ / σ", $"{JsonView.Num(r)} ± {JsonView.Num(JsonView.Double(est, "ratio_std") ?? double.NaN)}");
        if (JsonView.Double(est, "r2") is double r2) yield return ("R² (ΔS_θ vs ΔS per window)", $"{JsonView.Num(r2)} ± {JsonView.Num(JsonView.Double(est, "r2_std") ?? 0)}");
        if (JsonView.String(est, "movies_path") is string mp) yield return ("evaluated movies", mp);
        if (JsonView.String(est, "trajectories_path") is string tp) yield return ("evaluated trajectories", tp);
        if (JsonView.String(est, "note") is string note) yield return ("note", note);
    }

    private static double? TruthRate(string? movies)
    {
        if (movies is null) return null;
        string truth = Path.Combine(DataFolder(movies), "truth.json");
        if (!File.Exists(truth)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(truth));
            return JsonView.Double(doc.RootElement.Clone(), "entropy_rate");
        }
        catch (Exception e) when (e is JsonException or IOException) { return null; }
    }

    private static string DataFolder(string moviesPath) =>
        Directory.Exists(moviesPath) ? moviesPath : Path.GetDirectoryName(Path.GetFullPath(moviesPath)) ?? ".";

    /// <summary>J_train, J_val and σ̂_θ against iteration with the best iteration marked (Algorithm 1's θ* = argmax J_val).</summary>
    private static void TrainingCurves(HtmlPage page, string run, int estimators, double? trueRate)
    {
        page.Section("training", "Training curves");
        var status = new List<IReadOnlyList<string>>();
        for (int k = 1; k <= estimators; k++)
        {
            string folder = Path.Combine(run, $"estimator-{k}");
            string log = Path.Combine(folder, Trainer.LogFile);
            bool finished = File.Exists(Path.Combine(folder, "summary.json")), best = File.Exists(Path.Combine(folder, TrainingCheckpoint.BestFile));
            List<TrainingLogRow> rows;
            try { rows = TrainingLog.Read(log); }
            catch (Exception e) when (e is InputException or FormatException or IOException)
            {
                page.MissingNote($"{log} is unreadable ({e.Message.Split('\n')[0]})");
                rows = [];
            }
            if (!File.Exists(log)) page.MissingNote($"{log} (training curves of estimator {k}: not started yet?)");
            if (!finished && File.Exists(log)) page.MissingNote($"{Path.Combine(folder, "summary.json")} (estimator {k} has not finished training; curves show the log so far)");
            if (!best && File.Exists(log)) page.MissingNote($"{Path.Combine(folder, TrainingCheckpoint.BestFile)} (θ* of estimator {k}; `estimate` needs it)");
            long bestIt = rows.Count > 0 ? rows[^1].BestIteration : -1;
            var bestRow = rows.LastOrDefault(r => r.Iteration == bestIt);
            status.Add([k.ToString(), finished ? "finished" : rows.Count > 0 ? "unfinished" : "not started",
                rows.Count > 0 ? rows[^1].Iteration.ToString() : "–", bestIt >= 0 ? bestIt.ToString() : "–",
                bestRow is null ? "–" : JsonView.Num(bestRow.JVal), bestRow is null ? "–" : JsonView.Num(bestRow.SigmaVal),
                bestRow?.R2Val is double r2 ? JsonView.Num(r2) : "–", rows.Count > 0 ? JsonView.Num(rows[^1].Seconds) : "–"]);
            if (rows.Count == 0 || k > MaxEstimatorPlots) continue;
            double[] it = rows.Select(r => (double)r.Iteration).ToArray();
            string suffix = estimators > 1 ? $" (estimator {k})" : "";
            var j = new Plot("Objective J" + suffix, "iteration", "J = ⟨ΔS_θ − exp(−ΔS_θ)⟩") { Legend = "lower right" };
            j.AddLine(it, rows.Select(r => r.JTrain).ToArray(), "J_train");
            j.AddLine(it, rows.Select(r => r.JVal).ToArray(), "J_val");
            if (bestIt >= 0) j.AddVerticalLine(bestIt, $"best iteration {bestIt}");
            page.Svg(j.ToSvg(), $"Training and validation objective of estimator {k}; θ* is taken at the best J_val.");
            var s = new Plot("EP rate σ̂_θ" + suffix, "iteration", "σ̂_θ") { Legend = "upper left" };
            s.AddLine(it, rows.Select(r => r.SigmaTrain).ToArray(), "σ̂_θ train");
            s.AddLine(it, rows.Select(r => r.SigmaVal).ToArray(), "σ̂_θ validation");
            if (trueRate is double t) s.AddHorizontalLine(t, $"true σ = {JsonView.Num(t)}");
            if (bestIt >= 0) s.AddVerticalLine(bestIt, "best iteration");
            page.Svg(s.ToSvg(), $"Estimated EP rate during training of estimator {k} (training batches and held-out movies).");
        }
        if (estimators > MaxEstimatorPlots) page.Paragraph($"Curves shown for the first {MaxEstimatorPlots} of {estimators} estimators; all are in the table.", "note");
        page.Table(["estimator", "status", "last iteration", "best iteration", "J_val at best", "σ̂_val at best", "R²_val at best", "seconds"], status);
    }

    private static void EstimateSections(HtmlPage page, RunFiles files, string estimate, JsonElement? est, double dt)
    {
        // CNEEP estimates hold per-step ΔS_θ of movies; NEEP/RNEEP estimates hold per-window ΔS_θ of trajectories.
        string? trajectories = JsonView.String(est, "trajectories_path");
        bool perWindow = trajectories != null;
        int n = (int)(JsonView.Double(est, "frames_per_input") ?? JsonView.Double(est, "window") ?? 2);
        string? movies = JsonView.String(est, "movies_path") ?? trajectories;
        var deltaS = files.Npy(Path.Combine(estimate, "delta_s.npy"), "S_θ(τ), the ΔS_θ scatter and histograms");
        (double[] Data, int[] Shape)? truth = null;
        if (movies != null)
        {
            string entropy = Path.Combine(DataFolder(movies), "entropy.npy");
            if (File.Exists(entropy)) truth = files.Npy(entropy, "the true ΔS");
            else page.Paragraph($"No entropy.npy beside {movies}: the true ΔS is unknown, estimates are shown alone.", "note");
        }
        var perStep = deltaS is { Shape.Length: 3 } d ? EnsembleMean(d.Data, d.Shape) : null;
        if (perWindow && perStep != null) perStep = SpreadOverSteps(perStep, n);
        var truePerStep = truth is { } t && perStep != null ? TrueRows(t.Data, t.Shape, perStep.Length) : null;

        page.Section("cumulative", "Cumulative entropy production S_θ(τ)");
        if (perStep is null) page.Paragraph("Needs delta_s.npy (see the missing files above).", "note");
        else CumulativePlot(page, perStep, truePerStep, dt, perWindow ? "trajectory" : "movie");

        page.Section("scatter", "ΔS_θ against the true ΔS");
        if (perStep is null) page.Paragraph("Needs delta_s.npy.", "note");
        else if (truePerStep is null) Histograms(page, Windows(perStep, null, n).Est, null);
        else
        {
            var (x, y) = Windows(perStep, truePerStep, n);
            ScatterPlot(page, y!, x, JsonView.Double(est, "r2"));
            Histograms(page, x, y);
        }

        if (!perWindow)
        {
            page.Section("map", "Averaged dissipation map ⟨Ḣ(x, y)⟩");
            MapSection(page, files, estimate, movies);
            page.Section("bonds", "Exchanged entropy production per bond");
            Bonds(page, est);
        }

        page.Section("ensemble", "Ensemble error bars");
        Ensemble(page, files, estimate, est, truePerStep, dt, perWindow ? "entropy_rate_per_trajectory.npy" : "entropy_rate_per_movie.npy", perWindow ? "trajectory" : "movie");
    }

    /// <summary>delta_s.npy is (K, M, S) float32 with NaN padding: the per-step ΔS_θ averaged over the K estimators.</summary>
    private static double[][] EnsembleMean(double[] data, int[] shape)
    {
        int k = shape[0], m = shape[1], s = shape[2];
        var result = new double[m][];
        for (int j = 0; j < m; j++)
        {
            var row = new List<double>(s);
            for (int t = 0; t < s; t++)
            {
                double sum = 0;
                for (int e = 0; e < k; e++) sum += data[((long)e * m + j) * s + t];
                if (double.IsNaN(sum)) break;
                row.Add(sum / k);
            }
            result[j] = [.. row];
        }
        return result;
    }

    /// <summary>Per-window ΔS_θ (NEEP/RNEEP, windows of n states at stride n − 1) spread evenly over its n − 1 steps.</summary>
    private static double[][] SpreadOverSteps(double[][] windows, int n)
    {
        int steps = Math.Max(1, n - 1);
        return windows.Select(w => w.SelectMany(v => Enumerable.Repeat(v / steps, steps)).ToArray()).ToArray();
    }

    private static double[][]? TrueRows(double[] data, int[] shape, int movies)
    {
        int m = shape.Length == 2 ? shape[0] : 1, l = shape[^1];
        if (m != movies) return null;
        return Enumerable.Range(0, m).Select(j => data.AsSpan(j * l, l).ToArray()).ToArray();
    }

    /// <summary>Paper Fig. 2b: S_θ(τ) = Σ ΔS_θ up to τ against the true S(τ) for the first few movies.</summary>
    private static void CumulativePlot(HtmlPage page, double[][] est, double[][]? truth, double dt, string noun)
    {
        var plot = new Plot("Cumulative EP: estimate (solid) vs truth (dashed)", "τ (time)", "S(τ) (nats)") { Legend = "upper left" };
        for (int m = 0; m < Math.Min(CumulativeMovies, est.Length); m++)
        {
            string colour = Plot.Palette[m % Plot.Palette.Length];
            int steps = truth is null ? est[m].Length : Math.Min(est[m].Length, truth[m].Length);
            var (tx, ty) = Cumulative(est[m], steps, dt);
            plot.AddLine(tx, ty, $"S_θ {noun} {m}", colour);
            if (truth != null)
            {
                var (ux, uy) = Cumulative(truth[m], steps, dt);
                plot.AddLine(ux, uy, $"S {noun} {m}", colour, dashed: true);
            }
        }
        page.Svg(plot.ToSvg(), "S_θ(τ) (sum of the per-step ΔS_θ, ensemble mean) and the true S(τ) over the same steps (CNEEP paper Fig. 2b).");
    }

    private static (double[] X, double[] Y) Cumulative(double[] steps, int count, double dt)
    {
        int stride = Math.Max(1, count / MaxLinePoints);
        var xs = new List<double> { 0 }; var ys = new List<double> { 0 };
        double s = 0;
        for (int t = 0; t < count; t++)
        {
            s += steps[t];
            if ((t + 1) % stride == 0 || t == count - 1) { xs.Add((t + 1) * dt); ys.Add(s); }
        }
        return ([.. xs], [.. ys]);
    }

    /// <summary>Per-window values: ΔS_θ of a window of n frames = (n − 1) × its per-step value; truth summed over the same steps.</summary>
    private static (double[] Est, double[]? True) Windows(double[][] est, double[][]? truth, int n)
    {
        int steps = Math.Max(1, n - 1);
        var x = new List<double>(); var y = truth is null ? null : new List<double>();
        for (int m = 0; m < est.Length; m++)
        {
            int count = truth is null ? est[m].Length : Math.Min(est[m].Length, truth[m].Length);
            for (int w = 0; w + steps <= count; w += steps)
            {
                double e = 0, t = 0;
                for (int i = w; i < w + steps; i++) { e += est[m][i]; if (truth != null) t += truth[m][i]; }
                x.Add(e); y?.Add(t);
            }
        }
        return ([.. x], y is null ? null : [.. y]);
    }

    /// <summary>Fig. 2b inset: ΔS_θ against ΔS per window, coloured by density, with the y = x line and R².</summary>
    private static void ScatterPlot(HtmlPage page, double[] trueDs, double[] estDs, double? summaryR2)
    {
        double r2 = SquaredCorrelation(estDs, trueDs);
        int stride = Math.Max(1, trueDs.Length / MaxScatterPoints);
        var xs = trueDs.Where((_, i) => i % stride == 0).ToArray();
        var ys = estDs.Where((_, i) => i % stride == 0).ToArray();
        var plot = new Plot($"ΔS_θ vs ΔS per window (R² = {JsonView.Num(r2)})", "true ΔS (nats)", "ΔS_θ (nats)") { Legend = "upper left" };
        plot.AddScatter(xs, ys, "windows", radius: 2, densityColour: true);
        double lo = Math.Min(xs.DefaultIfEmpty(0).Min(), ys.DefaultIfEmpty(0).Min()), hi = Math.Max(xs.DefaultIfEmpty(1).Max(), ys.DefaultIfEmpty(1).Max());
        plot.AddLine([lo, hi], [lo, hi], "y = x", "#444444", dashed: true, width: 1);
        page.Svg(plot.ToSvg(), $"{trueDs.Length} windows" + (stride > 1 ? $" (1 in {stride} drawn)" : "") + $", colour = local point density. R² (squared Pearson correlation) " +
                               $"of the ensemble-mean ΔS_θ: {JsonView.Num(r2)}" + (summaryR2 is double s ? $"; mean over estimators (summary.json): {JsonView.Num(s)}." : "."));
    }

    public static double SquaredCorrelation(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        int n = Math.Min(x.Count, y.Count);
        if (n < 2) return double.NaN;
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) { mx += x[i]; my += y[i]; }
        mx /= n; my /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx); syy += (y[i] - my) * (y[i] - my); }
        return sxx > 0 && syy > 0 ? sxy * sxy / (sxx * syy) : 0;
    }

    /// <summary>Fig. S1: the distributions of ΔS_θ and ΔS over windows, on a common range (0.1 %–99.9 % quantiles).</summary>
    private static void Histograms(HtmlPage page, double[] est, double[]? truth)
    {
        var all = truth is null ? est.ToArray() : [.. est, .. truth];
        if (all.Length == 0) { page.Paragraph("No windows to histogram.", "note"); return; }
        Array.Sort(all);
        double lo = all[(int)(0.001 * (all.Length - 1))], hi = all[(int)(0.999 * (all.Length - 1))];
        if (!(hi > lo)) { lo = all[0] - 0.5; hi = all[^1] + 0.5; }
        var plot = new Plot("Distributions of ΔS_θ and ΔS per window", "ΔS (nats)", "probability density");
        if (truth != null) plot.AddHistogram(truth, 60, "true ΔS", "#7f7f7f", density: true, range: (lo, hi));
        plot.AddHistogram(est, 60, "ΔS_θ", "#1f77b4", density: true, range: (lo, hi));
        page.Svg(plot.ToSvg(), "Histograms (area 1) over the central 99.8 % of the values (CNEEP paper Fig. S1).");
    }

    /// <summary>Fig. 3a / 4b: the PNG rendering of `map` (over the first frame) and the raw map as a heatmap with colour bar.</summary>
    private static void MapSection(HtmlPage page, RunFiles files, string estimate, string? movies)
    {
        var map = files.Npy(Path.Combine(estimate, "map.npy"), "the dissipation map");
        if (map is not { Shape.Length: 2 } m) return;
        int mh = m.Shape[0], mw = m.Shape[1];
        float[]? frame = null; int h = 0, w = 0;
        if (movies != null)
        {
            try
            {
                using var set = MovieSet.Open(movies);
                (h, w) = (set.Height, set.Width);
                frame = new float[h * w];
                set.CopyFrames(0, 0, 1, frame);
            }
            catch (Exception e) when (e is InputException or IOException)
            {
                page.MissingNote($"{movies}: the movies are unreadable ({e.Message.Split('\n')[0]}); the map is drawn over a blank frame");
                frame = null;
            }
        }
        if (frame is null) { (h, w) = (mh * 4, mw * 4); frame = new float[h * w]; }
        var (rgb, iw, ih) = DissipationMapImage.Render(m.Data, mh, mw, frame, h, w);
        using var png = new MemoryStream();
        PngWriter.WriteRgb(png, iw, ih, rgb);
        page.Png(png.ToArray(), "averaged dissipation map", $"⟨Ḣ(x, y)⟩ over the first frame of movie 0 (red > 0, blue < 0; bar ± max|Ḣ|); Σ = {JsonView.Num(m.Data.Sum())}.");
        var heat = new HeatmapPlot(m.Data, mh, mw, $"⟨Ḣ⟩ on the {mh}×{mw} feature grid", "column", "row")
        {
            ColorMap = ColorMap.Diverging, ColorBarLabel = "⟨Ḣ⟩",
        };
        // Square cells of up to 40 px: small grids are drawn larger than the default canvas would.
        double cell = Math.Clamp(Math.Min(560.0 / mw, 420.0 / mh), 2, 40);
        (heat.Width, heat.Height) = (70 + 112 + cell * mw, 38 + 52 + cell * mh);   // HeatmapPlot's margins: left 70, bar space 112
        page.Svg(heat.ToSvg(), "The same map, one cell per feature-map position (symmetric diverging colour range).");
    }

    /// <summary>Fig. 3c–d: σ̂_θ,ij per bond ± spread over estimators beside the exact exchanged EP rate.</summary>
    private static void Bonds(HtmlPage page, JsonElement? est)
    {
        if (JsonView.Property(est, "bonds") is not { ValueKind: JsonValueKind.Array } bonds || bonds.GetArrayLength() == 0)
        {
            page.Paragraph("No per-bond figures in the estimate (only uncropped bead-spring movies with bonds in truth.json have them).", "note");
            return;
        }
        var list = bonds.EnumerateArray().ToList();
        double[] idx = list.Select((_, i) => (double)(i + 1)).ToArray();
        double[] e = list.Select(b => JsonView.Double(b, "exchanged_entropy_rate_estimate") ?? double.NaN).ToArray();
        double[] sd = list.Select(b => JsonView.Double(b, "exchanged_entropy_rate_estimate_std") ?? 0).ToArray();
        double[] t = list.Select(b => JsonView.Double(b, "exchanged_entropy_rate_true") ?? double.NaN).ToArray();
        double[] realised = list.Select(b => JsonView.Double(b, "exchanged_entropy_rate_realised") ?? double.NaN).ToArray();
        if (t.All(double.IsFinite))
        {
            // Fig. 3d: estimate against truth, one point per bond, with the y = x line.
            var plot = new Plot("Exchanged EP rate per bond: estimate vs truth", "true σ_ij (nats per unit time)", "estimated σ̂_θ,ij") { Legend = "upper left" };
            plot.AddErrorBars(t, e, sd, "vs analytic σ_ij (± std over estimators)");
            if (realised.All(double.IsFinite)) plot.AddErrorBars(realised, e, sd, "vs σ_ij realised in these movies (Eq. S9)");
            double hi = Math.Max(t.Max(), e.Where(double.IsFinite).DefaultIfEmpty(0).Max()) * 1.1, lo = Math.Min(0, e.Where(double.IsFinite).DefaultIfEmpty(0).Min());
            plot.AddLine([lo, hi], [lo, hi], "y = x", "#444444", dashed: true, width: 1);
            page.Svg(plot.ToSvg(), "Sum of ⟨Ḣ⟩ over each bond's region of the map against the exact exchanged EP (CNEEP paper Fig. 3c–d).");
        }
        else
        {
            var plot = new Plot("Exchanged EP rate per bond", "bond", "σ̂_θ,ij (nats per unit time)") { XRange = (0.5, list.Count + 0.5) };
            plot.AddErrorBars(idx, e, sd, "estimate ± std");
            page.Svg(plot.ToSvg(), "Sum of ⟨Ḣ⟩ over each bond's region of the map (no truth for these bonds).");
        }
        page.Table(["bond", "i", "j", "estimate", "± std", "± s.e. over movies", "truth", "estimate / truth", "realised in these movies", "± s.e.", "estimate / realised"],
            list.Select((b, i) => (IReadOnlyList<string>)[(i + 1).ToString(), JsonView.Scalar(b.GetProperty("i")), JsonView.Scalar(b.GetProperty("j")),
                JsonView.Num(e[i]), JsonView.Num(sd[i]), JsonView.Num(JsonView.Double(b, "exchanged_entropy_rate_estimate_sem") ?? double.NaN),
                JsonView.Num(t[i]), JsonView.Num(JsonView.Double(b, "ratio") ?? double.NaN),
                JsonView.Num(realised[i]), JsonView.Num(JsonView.Double(b, "exchanged_entropy_rate_realised_sem") ?? double.NaN),
                JsonView.Num(JsonView.Double(b, "ratio_realised") ?? double.NaN)]));
    }

    /// <summary>σ̂_θ per estimator and per movie with their spreads (the paper's error bars).</summary>
    private static void Ensemble(HtmlPage page, RunFiles files, string estimate, JsonElement? est, double[][]? truePerStep, double dt, string perMovieFile, string noun)
    {
        double? truth = JsonView.Double(est, "entropy_rate_true");
        if (JsonView.Doubles(est, "entropy_rate_per_estimator") is { Length: > 0 } rates)
        {
            double mean = rates.Average(), sd = Statistics.SampleStd(rates);
            var p = new Plot("σ̂_θ per estimator", "estimator", "σ̂_θ (nats per unit time)") { XRange = (0.5, rates.Length + 1.5) };
            p.AddScatter(rates.Select((_, i) => (double)(i + 1)).ToArray(), rates, "estimators", radius: 4);
            p.AddErrorBars([rates.Length + 1.0], [mean], [sd], "mean ± std");
            if (truth is double t) p.AddHorizontalLine(t, $"true σ = {JsonView.Num(t)}");
            page.Svg(p.ToSvg(), $"K = {rates.Length} independently seeded estimators: mean {JsonView.Num(mean)} ± {JsonView.Num(sd)} (sample std).");
        }
        else page.Paragraph("The estimate summary has no entropy_rate_per_estimator.", "note");
        var perMovie = files.Npy(Path.Combine(estimate, perMovieFile), "σ̂_θ per movie/trajectory");
        if (perMovie is { Shape.Length: 2 } pm)
        {
            int k = pm.Shape[0], m = pm.Shape[1];
            var xs = new double[m]; var ys = new double[m]; var es = new double[m];
            for (int j = 0; j < m; j++)
            {
                var v = Enumerable.Range(0, k).Select(e => pm.Data[e * m + j]).ToArray();
                (xs[j], ys[j], es[j]) = (j, v.Average(), Statistics.SampleStd(v));
            }
            var p = new Plot($"σ̂_θ per {noun}", noun, "σ̂_θ (nats per unit time)") { XRange = (-0.5, m - 0.5) };
            p.AddErrorBars(xs, ys, es, k > 1 ? "mean ± std over estimators" : "estimate");
            if (truePerStep is { } tp && tp.Length == m)
                p.AddScatter(xs, tp.Select(r => r.Length == 0 ? double.NaN : r.Sum() / (r.Length * dt)).ToArray(), $"true (this {noun}'s ΔS)", "#d62728", radius: 3.5);
            if (truth is double t) p.AddHorizontalLine(t, "true σ");
            page.Svg(p.ToSvg(), $"Rate of each evaluated {noun}; the spread over them is the finite-length noise of σ̂_θ.");
        }
        var rows = new List<(string, string)>();
        foreach (string name in (string[])["entropy_rate_estimate", "entropy_rate_estimate_std", "entropy_rate_spread_over_movies", "entropy_rate_true",
                     "entropy_rate_true_empirical", "ratio", "ratio_std", "r2", "r2_std", "objective_j", "estimators", "movies", "trajectories", "windows", "map_sum", "variational_bound", "lower_bound"])
            if (JsonView.Property(est, name) is JsonElement v) rows.Add((name, JsonView.Scalar(v)));
        if (rows.Count > 0) page.KeyValues(rows);
    }
}
