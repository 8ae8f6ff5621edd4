using System.Text.Json;
using EntropyScope.IO;
using EntropyScope.Observation;
using EntropyScope.Observation.Noise;

namespace EntropyScope.Models.Langevin;

/// <summary>
/// Writes a simulation folder for any linear Langevin model (the folder contract of the team brief):
/// <c>trajectories.npy</c> (float64 M×L×d), <c>entropy.npy</c> (float64 M×(L−1), the true ΔS per step),
/// <c>movies.npy</c> (uint8 M×L×H×W, optional) and <c>truth.json</c>. Everything streams movie by movie and frame
/// chunk by frame chunk, so memory stays at one movie's trajectory plus one chunk of frames whatever the size.
/// The folder appears only when complete (<see cref="AtomicOutput.WriteDirectory"/>).
/// </summary>
public sealed class LangevinDataset
{
    private const int ChunkFrames = 2048;

    public required string Model { get; init; }
    public required LangevinSimulator Simulator { get; init; }
    public required SimulationOptions Options { get; init; }
    /// <summary>Null when movies are not written.</summary>
    public IFrameRenderer? Renderer { get; init; }
    public Crop? Crop { get; init; }
    public MeasurementNoise? Noise { get; init; }
    public double ReferenceEntropyRate { get; init; }
    /// <summary>Writes the model-specific truth fields (parameters, bonds, temperatures, observation details).</summary>
    public required Action<Utf8JsonWriter> WriteTruth { get; init; }

    public int Height => Crop?.Height ?? Renderer?.Height ?? 0;
    public int Width => Crop?.Width ?? Renderer?.Width ?? 0;

    /// <summary>Trajectory of movie m (its own seeded stream, so any subset is reproducible alone).</summary>
    public void SimulateMovie(int movie, Span<double> trajectory, Span<double> entropy)
    {
        var rng = new Xoshiro256(Options.Seed, 1, (ulong)movie);
        Simulator.Simulate(ref rng, Options.Frames, trajectory, entropy);
    }

    public DatasetSummary Write(string outDir, IProgressSink progress)
    {
        DatasetFolder.EnsureReplaceable(outDir);
        var files = new List<string>();
        long bytes = 0;
        AtomicOutput.WriteDirectory(outDir, dir =>
        {
            (files, bytes) = Fill(dir, progress);
        });
        return new DatasetSummary(Path.GetFullPath(outDir), Model, Simulator.Model.EntropyRate, ReferenceEntropyRate,
            Options.Movies, Options.Frames, Height, Width, bytes, files);
    }

    private (List<string>, long) Fill(string dir, IProgressSink progress)
    {
        int m = Options.Movies, l = Options.Frames, d = Simulator.Model.Dimension;
        var files = new List<string> { "trajectories.npy", "entropy.npy", "truth.json" };
        using var trajWriter = NpyWriter.Create<double>(Path.Combine(dir, "trajectories.npy"), m, l, d);
        using var entropyWriter = NpyWriter.Create<double>(Path.Combine(dir, "entropy.npy"), m, l - 1);
        NpyWriter? movieWriter = null;
        if (Renderer != null)
        {
            movieWriter = NpyWriter.Create<byte>(Path.Combine(dir, "movies.npy"), m, l, Height, Width);
            files.Insert(0, "movies.npy");
        }
        try
        {
            // Movies are simulated a batch at a time in parallel (one stream each), then written in order.
            int batch = Math.Min(Options.Threads, m);
            var trajectories = Enumerable.Range(0, batch).Select(_ => new double[(long)l * d]).ToArray();
            var entropies = Enumerable.Range(0, batch).Select(_ => new double[l - 1]).ToArray();
            byte[]? chunk = Renderer != null ? new byte[(long)Math.Min(ChunkFrames, l) * Height * Width] : null;
            var po = new ParallelOptions { MaxDegreeOfParallelism = Options.Threads };
            double sum = 0;
            for (int first = 0; first < m; first += batch)
            {
                int count = Math.Min(batch, m - first);
                Parallel.For(0, count, po, k => SimulateMovie(first + k, trajectories[k], entropies[k]));
                for (int k = 0; k < count; k++)
                {
                    int movie = first + k;
                    trajWriter.Append<double>(trajectories[k]);
                    entropyWriter.Append<double>(entropies[k]);
                    foreach (double s in entropies[k]) sum += s;
                    if (movieWriter != null)
                    {
                        using var tiff = Options.Tiff ? OpenTiff(dir, movie) : null;
                        RenderMovie(movie, trajectories[k], chunk!, movieWriter, tiff, progress);
                        tiff?.Commit();
                        if (tiff != null) files.Add(Path.GetRelativePath(dir, tiff.Path));
                    }
                    progress.Report((movie + 1.0) / m, $"movie {movie + 1}/{m}");
                }
            }
            trajWriter.Commit();
            entropyWriter.Commit();
            movieWriter?.Commit();
            double empirical = sum / ((double)m * (l - 1) * Options.Dt);
            AtomicOutput.WriteAllText(Path.Combine(dir, "truth.json"), TruthJson(empirical));
        }
        finally { movieWriter?.Dispose(); }
        long bytes = files.Sum(f => new FileInfo(Path.Combine(dir, f)).Length);
        return (files, bytes);
    }

    /// <summary>Renders one movie chunk by chunk, frames in parallel (each frame has its own noise stream).</summary>
    private TiffStackWriter OpenTiff(string dir, int movie)
    {
        Directory.CreateDirectory(Path.Combine(dir, "tiff"));
        return TiffStackWriter.Create<byte>(Path.Combine(dir, "tiff", $"movie_{movie:D4}.tif"), Height, Width);
    }

    private void RenderMovie(int movie, double[] trajectory, byte[] chunk, NpyWriter writer, TiffStackWriter? tiff, IProgressSink progress)
    {
        var renderer = Renderer!;
        int l = Options.Frames, d = Simulator.Model.Dimension;
        int outSize = Height * Width;
        var po = new ParallelOptions { MaxDegreeOfParallelism = Options.Threads };
        for (int start = 0; start < l; start += ChunkFrames)
        {
            int count = Math.Min(ChunkFrames, l - start);
            const int block = 64;
            int blocks = (count + block - 1) / block;
            Parallel.For(0, blocks, po, () => (new float[renderer.FrameSize], new byte[renderer.FrameSize]), (b, _, buffers) =>
            {
                var (scratch, full) = buffers;
                int t1 = Math.Min(count, (b + 1) * block);
                for (int k = b * block; k < t1; k++)
                {
                    int t = start + k;
                    Span<byte> dst = chunk.AsSpan(k * outSize, outSize);
                    ReadOnlySpan<double> z = trajectory.AsSpan(t * d, d);
                    if (Crop == null) renderer.Render(z, dst, scratch);
                    else
                    {
                        renderer.Render(z, full, scratch);
                        Crop.Apply(full, renderer.Width, dst);
                    }
                    if (Noise != null && Noise.Kind != NoiseKind.None)
                    {
                        var rng = new Xoshiro256(Options.Seed, 2, (ulong)movie, (ulong)t);
                        Noise.Apply(dst, ref rng);
                    }
                }
                return buffers;
            }, _ => { });
            writer.Append<byte>(chunk.AsSpan(0, count * outSize));
            if (tiff != null)
                for (int k = 0; k < count; k++) tiff.AppendPage<byte>(chunk.AsSpan(k * outSize, outSize));
            if (start + count < l)
                progress.Report((movie + (start + count) / (double)l) / Options.Movies, $"movie {movie + 1}/{Options.Movies}  frame {start + count}/{l}");
        }
    }

    private string TruthJson(double empiricalRate)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            var o = Options;
            w.WriteStartObject();
            w.WriteString("model", Model);
            w.WriteNumber("seed", o.Seed);
            w.WriteNumber("dt", o.Dt);
            w.WriteNumber("movies", o.Movies);
            w.WriteNumber("frames", o.Frames);
            w.WriteNumber("dimension", Simulator.Model.Dimension);
            w.WriteString("integrator", o.Integrator == Integrator.ExactOu ? "exact" : "euler");
            w.WriteNumber("entropy_rate", Simulator.Model.EntropyRate);
            w.WriteNumber("entropy_per_step", Simulator.Model.EntropyRate * o.Dt);
            w.WriteNumber("reference_entropy_rate", ReferenceEntropyRate);
            // The per-step ΔS (midpoint rule) has an O(Δτ) bias against σΔτ; its exact mean under the exact OU step:
            w.WriteNumber("exact_ou_mean_step_entropy", Simulator.Model.ExpectedStepEntropy(o.Dt));
            // the most a two-point estimator (NEEP, two-frame CNEEP) can report on these data: D(P_f ‖ P_r)/Δτ of the chain
            // that generated them (below σ for the exact OU step, above σ by O(Δτ) for Euler–Maruyama)
            w.WriteNumber("pair_entropy_rate", Simulator.Model.PairEntropy(o.Dt, o.Integrator) / o.Dt);
            w.WriteNumber("empirical_entropy_rate", empiricalRate);
            w.WriteString("entropy_units", "nats per unit time (k_B = 1); entropy.npy holds nats per step");
            WriteTruth(w);
            w.WriteStartObject("observation");
            w.WriteBoolean("movies", Renderer != null);
            if (Renderer != null)
            {
                w.WriteNumber("frame_height", Renderer.Height);
                w.WriteNumber("frame_width", Renderer.Width);
                w.WriteNumber("height", Height);
                w.WriteNumber("width", Width);
                w.WriteString("overlap", o.Overlap == Overlap.Max ? "max" : "sum");
                w.WriteString("noise", (Noise?.Kind ?? NoiseKind.None).ToString().ToLowerInvariant());
                w.WriteNumber("alpha", o.Alpha);
                if (Noise?.Kind == NoiseKind.Shot) w.WriteNumber("photon_count", Noise.PhotonCount);
                if (Crop != null)
                {
                    w.WriteStartObject("crop");
                    w.WriteNumber("x", Crop.X);
                    w.WriteNumber("y", Crop.Y);
                    w.WriteNumber("width", Crop.Width);
                    w.WriteNumber("height", Crop.Height);
                    w.WriteString("rule", o.Crop);
                    w.WriteNumber("reference_entropy_rate", ReferenceEntropyRate);
                    w.WriteEndObject();
                }
            }
            w.WriteEndObject();
            w.WriteStartObject("files");
            w.WriteString("trajectories", $"trajectories.npy float64 ({o.Movies}, {o.Frames}, {Simulator.Model.Dimension})");
            w.WriteString("entropy", $"entropy.npy float64 ({o.Movies}, {o.Frames - 1}) true ΔS per step");
            if (Renderer != null) w.WriteString("movies", $"movies.npy uint8 ({o.Movies}, {o.Frames}, {Height}, {Width})");
            if (Renderer != null && o.Tiff) w.WriteString("tiff", $"tiff/movie_0000.tif … one uint8 stack of {o.Frames} pages ({Height}×{Width}) per movie");
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }

    /// <summary>Writes a numeric array property.</summary>
    public static void WriteArray(Utf8JsonWriter w, string? name, IEnumerable<double> values)
    {
        if (name == null) w.WriteStartArray();
        else w.WriteStartArray(name);
        foreach (double v in values) w.WriteNumberValue(v);
        w.WriteEndArray();
    }

    /// <summary>
    /// The measurement chain of a dataset, validated before anything is written: noise, the crop (explicit or by the
    /// A1/A2 rule) and the reference EP of what is observed (the crop's σ̂, else the full σ).
    /// </summary>
    public static (Crop? Crop, MeasurementNoise? Noise, double Reference) PrepareObservation(
        SimulationOptions sim, int frameHeight, int frameWidth, IReadOnlyList<RenderedBond> bonds, double fullRate)
    {
        if (!sim.WriteMovies)
        {
            if (sim.Crop != null || sim.Noise != NoiseKind.None)
                throw new InputException("--crop and --noise apply to movies; drop them with --no-movies");
            return (null, null, fullRate);
        }
        var noise = new MeasurementNoise(sim.Noise, sim.Alpha);
        var crop = ResolveCrop(sim.Crop, sim.CropSize, frameHeight, frameWidth, bonds);
        return (crop, noise, crop == null ? fullRate : CropChoice.ReferenceEntropyRate(crop, bonds));
    }

    /// <summary>Resolves a crop option against a frame: explicit x,y,w,h (validated) or the a1/a2 rule.</summary>
    public static Crop? ResolveCrop(string? spec, int cropSize, int frameHeight, int frameWidth, IReadOnlyList<RenderedBond> bonds)
    {
        if (string.IsNullOrWhiteSpace(spec)) return null;
        if (spec.Trim().Equals("a1", StringComparison.OrdinalIgnoreCase) || spec.Trim().Equals("a2", StringComparison.OrdinalIgnoreCase))
            return CropChoice.Choose(spec.Trim(), cropSize, cropSize, frameHeight, frameWidth, bonds);
        var crop = Observation.Crop.Parse(spec);
        crop.Validate(frameHeight, frameWidth);
        return crop;
    }
}
