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
            var trajectory = new double[(long)l * d];
            var entropy = new double[l - 1];
            byte[]? chunk = Renderer != null ? new byte[(long)Math.Min(ChunkFrames, l) * Height * Width] : null;
            double sum = 0;
            for (int movie = 0; movie < m; movie++)
            {
                SimulateMovie(movie, trajectory, entropy);
                trajWriter.Append<double>(trajectory);
                entropyWriter.Append<double>(entropy);
                foreach (double s in entropy) sum += s;
                if (movieWriter != null) RenderMovie(movie, trajectory, chunk!, movieWriter);
                progress.Report((movie + 1.0) / m, $"movie {movie + 1}/{m}");
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
    private void RenderMovie(int movie, double[] trajectory, byte[] chunk, NpyWriter writer)
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
