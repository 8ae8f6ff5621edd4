using System.CommandLine;
using EntropyScope.Estimators.Cneep;
using EntropyScope.IO;
using EntropyScope.Reports.Png;

namespace EntropyScope.Cli.Verbs;

/// <summary>`entropyscope map RUN MOVIES --out map.png`: the averaged dissipation map ⟨Ḣ⟩ over a frame (Fig. 3a).</summary>
public static class MapVerb
{
    public static Command Create()
    {
        var cmd = new Command("map", "Render the averaged dissipation map ⟨Ḣ(x,y)⟩ of a trained run on movies as a PNG (red > 0, blue < 0, over the first frame).");
        var run = new Argument<string>("RUN") { Description = "Run folder written by `train`" };
        var movies = new Argument<string>("MOVIES") { Description = "Movies to evaluate" };
        var output = new Option<string>("--out") { Description = "PNG file to write", Required = true };
        cmd.Arguments.Add(run);
        cmd.Arguments.Add(movies);
        cmd.Options.Add(output);
        cmd.SetAction(p =>
        {
            string moviesPath = p.GetValue(movies)!;
            var est = CneepEstimation.Run(p.GetValue(run)!, moviesPath, new ConsoleProgress("map"));
            WritePng(est, moviesPath, p.GetValue(output)!);
            Console.Error.WriteLine($"map written: {Path.GetFullPath(p.GetValue(output)!)} (Σ⟨Ḣ⟩ = {est.Summary.MapSum:G5})");
            return 0;
        });
        return cmd;
    }

    /// <summary>Renders the ensemble-mean map over the first frame of the first movie (shared with `demo`).</summary>
    public static void WritePng(CneepEstimation est, string moviesPath, string pngPath)
    {
        using var set = MovieSet.Open(moviesPath);
        var frame = new float[set.Height * set.Width];
        set.CopyFrames(0, 0, 1, frame);
        var (rgb, w, h) = DissipationMapImage.Render(est.MeanMap, est.Summary.MapShape[0], est.Summary.MapShape[1], frame, set.Height, set.Width);
        AtomicOutput.WriteFile(pngPath, s => PngWriter.WriteRgb(s, w, h, rgb));
    }
}
