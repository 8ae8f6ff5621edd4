using EntropyScope.Models.Langevin;
using EntropyScope.Observation;
using EntropyScope.Observation.Noise;

namespace EntropyScope.Models.Filaments;

/// <summary>
/// Filament-network datasets: one quenched hot mask, M stationary trajectories of the 2N² coordinates, (15N, 15N)
/// movies, per-filament exact dissipation (the true dissipation map) and, for crops, the crop's reference σ̂.
/// </summary>
public static class FilamentDataset
{
    public static DatasetSummary Write(string outDir, FilamentOptions options, IProgressSink? progress = null) =>
        Build(options).Write(outDir, progress ?? ProgressSink.None);

    public static LangevinDataset Build(FilamentOptions o)
    {
        var sim = o.Simulation;
        sim.Validate();
        if (o.Nodes < 1) throw new InputException($"--nodes must be ≥ 1 (got {o.Nodes})");
        ulong hotSeed = o.HotSeed ?? sim.Seed;
        var net = FilamentNetwork.CreateRandom(o.Nodes, o.PHot, hotSeed, o.Tc, o.Th, o.SpringConstant, o.Friction, o.Linearisation);
        var simulator = new LangevinSimulator(net.Model, sim.Dt, sim.Integrator);
        var layout = new FilamentMovieRenderer(o.Nodes, net.Filaments, o.DisplacementScale, sim.Overlap);
        var rates = net.FilamentEntropyRates();
        var heats = net.FilamentHeatRates();
        var rendered = net.Filaments.Select((f, i) => new RenderedBond(layout.RestPosition(f.A), layout.RestEnd(f), rates[i])).ToList();

        Crop? crop = null;
        MeasurementNoise? noise = null;
        double reference = net.Model.EntropyRate;
        if (sim.WriteMovies)
        {
            noise = new MeasurementNoise(sim.Noise, sim.Alpha);
            crop = LangevinDataset.ResolveCrop(sim.Crop, sim.CropSize, layout.Height, layout.Width, rendered);
            if (crop != null) reference = CropChoice.ReferenceEntropyRate(crop, rendered);
        }
        else if (sim.Crop != null || sim.Noise != NoiseKind.None)
            throw new InputException("--crop and --noise apply to movies; drop them with --no-movies");

        return new LangevinDataset
        {
            Model = "filaments",
            Simulator = simulator,
            Options = sim,
            Renderer = sim.WriteMovies ? layout : null,
            Crop = crop,
            Noise = noise,
            ReferenceEntropyRate = reference,
            WriteTruth = w =>
            {
                w.WriteNumber("nodes", o.Nodes);
                w.WriteNumber("tc", o.Tc);
                w.WriteNumber("th", o.Th);
                w.WriteNumber("p_hot", o.PHot);
                w.WriteNumber("hot_seed", hotSeed);
                w.WriteNumber("spring_constant", o.SpringConstant);
                w.WriteNumber("friction", o.Friction);
                w.WriteString("linearisation", o.Linearisation == Linearisation.Isotropic ? "isotropic" : "central-force");
                w.WriteNumber("displacement_scale", o.DisplacementScale);
                w.WriteString("coordinates", "z = [x_0, y_0, x_1, y_1, …], node index aN + b (row a, column b); x → image column, y → image row");
                w.WriteStartArray("hot_mask");
                foreach (bool h in net.Hot) w.WriteBooleanValue(h);
                w.WriteEndArray();
                LangevinDataset.WriteArray(w, "node_temperatures", net.NodeTemperatures);
                LangevinDataset.WriteArray(w, "temperatures", net.Model.Temperatures);
                w.WriteStartArray("bonds");
                for (int k = 0; k < net.Filaments.Count; k++)
                {
                    var f = net.Filaments[k];
                    w.WriteStartObject();
                    w.WriteNumber("i", f.A);
                    w.WriteNumber("j", f.B);
                    w.WriteBoolean("wall", f.IsWall);
                    w.WriteNumber("i_row", f.A / o.Nodes);
                    w.WriteNumber("i_col", f.A % o.Nodes);
                    if (!f.IsWall)
                    {
                        w.WriteNumber("j_row", f.B / o.Nodes);
                        w.WriteNumber("j_col", f.B % o.Nodes);
                    }
                    var (pr, pc) = layout.RestPosition(f.A);
                    var (qr, qc) = layout.RestEnd(f);
                    LangevinDataset.WriteArray(w, "i_pixel", [pr, pc]);
                    LangevinDataset.WriteArray(w, "j_pixel", [qr, qc]);
                    w.WriteNumber("exchanged_heat_rate", heats[k]);
                    w.WriteNumber("exchanged_entropy_rate", rates[k]);
                    if (crop != null) w.WriteBoolean("in_crop", crop.Contains(pr, pc) && crop.Contains(qr, qc));
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                if (crop != null)
                    w.WriteNumber("crop_area_share_entropy_rate", CropChoice.AreaShare(crop.Width, crop.Height, layout.Height, layout.Width, net.Model.EntropyRate));
            },
        };
    }
}
