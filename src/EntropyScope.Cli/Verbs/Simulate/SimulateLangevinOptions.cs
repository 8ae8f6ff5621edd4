using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using EntropyScope.Models.Langevin;
using EntropyScope.Observation;
using EntropyScope.Observation.Noise;

namespace EntropyScope.Cli.Verbs.Simulate;

/// <summary>The options bead-spring and filament simulations share (sizes, time step, seed, measurement chain).</summary>
internal sealed class SimulateLangevinOptions
{
    public readonly Option<int> Movies;
    public readonly Option<int> Frames;
    public readonly Option<double> Dt = new("--dt") { Description = "Time step Δτ between frames", DefaultValueFactory = _ => 0.01 };
    public readonly Option<string> Integrator = new("--integrator") { Description = "euler (the paper's Euler–Maruyama) or exact (exact OU step)", DefaultValueFactory = _ => "euler" };
    public readonly Option<ulong> Seed = new("--seed") { Description = "Random seed (same seed, same files)", DefaultValueFactory = _ => 1UL };
    public readonly Option<bool> NoMovies = new("--no-movies") { Description = "Write trajectories, entropy and truth only (for trajectory estimators)" };
    public readonly Option<string> Noise = new("--noise") { Description = "Measurement noise: none, random (uniform) or shot (Poisson)", DefaultValueFactory = _ => "none" };
    public readonly Option<double> Alpha = new("--alpha") { Description = "Noise amplitude α (random: U(0, 255α); shot: 12/α² photons at peak)", DefaultValueFactory = _ => 0.0 };
    public readonly Option<string?> Crop = new("--crop") { Description = "Partial observation: x,y,w,h in pixels, or a1 / a2 (crop with the largest / smallest positive reference EP)" };
    public readonly Option<int> CropSize = new("--crop-size") { Description = "Side of an a1/a2 crop in pixels", DefaultValueFactory = _ => 40 };
    public readonly Option<string> Overlap = new("--overlap") { Description = "Where spots/lines overlap: max or sum (then clip)", DefaultValueFactory = _ => "max" };
    public readonly Option<int> Threads = new("--threads") { Description = "Rendering threads", DefaultValueFactory = _ => Environment.ProcessorCount };
    public readonly Option<string> Out = new("--out") { Description = "Output folder (replaced whole, written atomically)", Required = true };
    public readonly Option<bool> Json = new("--json") { Description = "Print a JSON summary on stdout" };

    public SimulateLangevinOptions(int defaultMovies, int defaultFrames)
    {
        Movies = new("--movies") { Description = "Number of movies / trajectories M", DefaultValueFactory = _ => defaultMovies };
        Frames = new("--frames") { Description = "Frames per movie L", DefaultValueFactory = _ => defaultFrames };
    }

    public void AddTo(Command cmd)
    {
        foreach (Option o in new Option[] { Movies, Frames, Dt, Integrator, Seed, NoMovies, Noise, Alpha, Crop, CropSize, Overlap, Threads, Out, Json })
            cmd.Options.Add(o);
    }

    public SimulationOptions Read(ParseResult p) => new()
    {
        Movies = p.GetValue(Movies),
        Frames = p.GetValue(Frames),
        Dt = p.GetValue(Dt),
        Integrator = p.GetValue(Integrator)!.ToLowerInvariant() switch
        {
            "euler" or "euler-maruyama" => Models.Langevin.Integrator.EulerMaruyama,
            "exact" => Models.Langevin.Integrator.ExactOu,
            var s => throw new InputException($"--integrator must be euler or exact (got '{s}')"),
        },
        Seed = p.GetValue(Seed),
        WriteMovies = !p.GetValue(NoMovies),
        Noise = p.GetValue(Noise)!.ToLowerInvariant() switch
        {
            "none" => NoiseKind.None,
            "random" or "uniform" => NoiseKind.Random,
            "shot" or "poisson" => NoiseKind.Shot,
            var s => throw new InputException($"--noise must be none, random or shot (got '{s}')"),
        },
        Alpha = p.GetValue(Alpha),
        Crop = p.GetValue(Crop),
        CropSize = p.GetValue(CropSize),
        Overlap = p.GetValue(Overlap)!.ToLowerInvariant() switch
        {
            "max" => Observation.Overlap.Max,
            "sum" => Observation.Overlap.Sum,
            var s => throw new InputException($"--overlap must be max or sum (got '{s}')"),
        },
        Threads = p.GetValue(Threads),
    };

    /// <summary>Runs a dataset writer with a progress display and prints the human or JSON summary.</summary>
    public static int Run(ParseResult p, Option<bool> json, string label, Func<IProgressSink, DatasetSummary> write)
    {
        var clock = Stopwatch.StartNew();
        var summary = write(new ConsoleProgress(label));
        double seconds = clock.Elapsed.TotalSeconds;
        if (p.GetValue(json))
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                model = summary.Model,
                @out = summary.Directory,
                entropy_rate = summary.EntropyRate,
                reference_entropy_rate = summary.ReferenceEntropyRate,
                movies = summary.Movies,
                frames = summary.Frames,
                height = summary.Height,
                width = summary.Width,
                bytes = summary.Bytes,
                files = summary.Files,
                seconds,
            }));
        }
        else
        {
            Console.WriteLine($"wrote {summary.Directory}: {string.Join(", ", summary.Files)} ({summary.Bytes / 1e6:F1} MB, {seconds:F1} s)");
            Console.WriteLine($"entropy_rate {summary.EntropyRate:G6}" + (summary.ReferenceEntropyRate != summary.EntropyRate ? $"  crop reference {summary.ReferenceEntropyRate:G6}" : ""));
        }
        return 0;
    }
}
