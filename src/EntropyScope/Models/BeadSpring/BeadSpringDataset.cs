using EntropyScope.Models.Langevin;
using EntropyScope.Observation;
using EntropyScope.Observation.Noise;

namespace EntropyScope.Models.BeadSpring;

/// <summary>
/// Bead-spring datasets (CNEEP Sec. III and Methods): simulate M stationary trajectories, render (20, 20N) movies,
/// and write the folder with exact truth. Used by `entropyscope simulate bead-spring` and by the CNEEP demo.
/// </summary>
public static class BeadSpringDataset
{
    public static DatasetSummary Write(string outDir, BeadSpringOptions options, IProgressSink? progress = null) =>
        Build(options).Write(outDir, progress ?? ProgressSink.None);

    /// <summary>Validates every option and prepares the writer; nothing is written here.</summary>
    public static LangevinDataset Build(BeadSpringOptions o)
    {
        var sim = o.Simulation;
        sim.Validate();
        if (o.TwoPairs && o.Beads != 4) throw new InputException($"--two-pairs needs --beads 4 (got {o.Beads})");
        if (o.TwoPairs && o.HighDimensional) throw new InputException("--two-pairs and --high-dim cannot be combined");
        double tc = o.HighDimensional ? BeadSpringChain.HighDimensionalColdTemperature(o.Beads) : o.Tc;
        double th = o.HighDimensional ? BeadSpringChain.HighDimensionalHotTemperature : o.Th;
        BeadSpringChain.Validate(o.Beads, tc, th, o.SpringConstant, o.Friction);
        if (!(o.Std > 0) || double.IsInfinity(o.Std)) throw new InputException($"--std must be > 0 (got {o.Std})");
        var model = o.TwoPairs
            ? BeadSpringChain.CreateTwoPairs(tc, th, o.PairTemperatures, o.SpringConstant, o.Friction)
            : BeadSpringChain.Create(o.Beads, tc, th, o.SpringConstant, o.Friction);
        var simulator = new LangevinSimulator(model, sim.Dt, sim.Integrator);
        var bonds = model.Bonds();
        var stationaryStd = model.StationaryStd();

        BeadMovieRenderer? renderer = null;
        Crop? crop = null;
        MeasurementNoise? noise = null;
        double[] beadStd = stationaryStd;
        double reference = model.EntropyRate;
        var rendered = bonds.Select(b => new RenderedBond((10, 10 + 20 * b.I), (10, 10 + 20 * b.J), b.ExchangedEntropyRate)).ToList();
        if (sim.WriteMovies)
        {
            noise = new MeasurementNoise(sim.Noise, sim.Alpha);
            int width = BeadMovieRenderer.Spacing * o.Beads;
            crop = LangevinDataset.ResolveCrop(sim.Crop, sim.CropSize, BeadMovieRenderer.FrameHeight, width, rendered);
            if (crop != null) reference = CropChoice.ReferenceEntropyRate(crop, rendered);
            if (o.Normalisation == DisplacementNormalisation.Empirical) beadStd = EmpiricalStd(simulator, sim);
            renderer = new BeadMovieRenderer(o.Beads, o.Std, beadStd, sim.Overlap);
        }
        else if (sim.Crop != null || sim.Noise != NoiseKind.None)
            throw new InputException("--crop and --noise apply to movies; drop them with --no-movies");

        return new LangevinDataset
        {
            Model = o.TwoPairs ? "bead-spring-two-pairs" : "bead-spring",
            Simulator = simulator,
            Options = sim,
            Renderer = renderer,
            Crop = crop,
            Noise = noise,
            ReferenceEntropyRate = reference,
            WriteTruth = w =>
            {
                w.WriteNumber("beads", o.Beads);
                w.WriteNumber("tc", tc);
                w.WriteNumber("th", th);
                w.WriteNumber("spring_constant", o.SpringConstant);
                w.WriteNumber("friction", o.Friction);
                w.WriteString("variant", o.TwoPairs ? "two-pairs" : o.HighDimensional ? "high-dim" : "chain");
                if (o.TwoPairs) w.WriteString("pair_temperatures", o.PairTemperatures == PairTemperatures.Linspace ? "linspace" : "per-pair");
                LangevinDataset.WriteArray(w, "temperatures", model.Temperatures);
                LangevinDataset.WriteArray(w, "stationary_std", stationaryStd);
                w.WriteStartArray("covariance");
                for (int i = 0; i < model.Dimension; i++)
                    LangevinDataset.WriteArray(w, null, Enumerable.Range(0, model.Dimension).Select(j => model.Covariance[i, j]));
                w.WriteEndArray();
                w.WriteStartArray("bonds");
                foreach (var b in bonds)
                {
                    w.WriteStartObject();
                    w.WriteNumber("i", b.I);
                    w.WriteNumber("j", b.J);
                    w.WriteNumber("coupling", b.Coupling);
                    w.WriteNumber("exchanged_heat_rate", b.ExchangedHeatRate);
                    w.WriteNumber("exchanged_entropy_rate", b.ExchangedEntropyRate);
                    if (crop != null) w.WriteBoolean("in_crop", crop.Contains(10, 10 + 20 * b.I) && crop.Contains(10, 10 + 20 * b.J));
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                if (renderer != null)
                {
                    w.WriteNumber("std", o.Std);
                    w.WriteString("normalisation", o.Normalisation == DisplacementNormalisation.Stationary ? "stationary" : "empirical");
                    LangevinDataset.WriteArray(w, "normalisation_std", beadStd);
                    w.WriteString("psf", "255·exp(−[(r−10)² + (c − 10 − 20i − std·z_i/s_i)²]/18), i 0-based");
                }
            },
        };
    }

    /// <summary>Per-bead std over the whole dataset (a pre-pass over the same seeded trajectories).</summary>
    private static double[] EmpiricalStd(LangevinSimulator simulator, SimulationOptions sim)
    {
        int d = simulator.Model.Dimension, l = sim.Frames;
        var sum = new double[d];
        var sum2 = new double[d];
        var traj = new double[(long)l * d];
        var ds = new double[l - 1];
        for (int m = 0; m < sim.Movies; m++)
        {
            var rng = new Xoshiro256(sim.Seed, 1, (ulong)m);
            simulator.Simulate(ref rng, l, traj, ds);
            for (int t = 0; t < l; t++)
                for (int i = 0; i < d; i++) { double z = traj[t * d + i]; sum[i] += z; sum2[i] += z * z; }
        }
        double n = (double)sim.Movies * l;
        return Enumerable.Range(0, d).Select(i => Math.Sqrt(Math.Max(1e-300, sum2[i] / n - sum[i] * sum[i] / (n * n)))).ToArray();
    }
}
