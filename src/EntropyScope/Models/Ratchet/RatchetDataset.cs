using System.Text.Json;
using EntropyScope.IO;
using EntropyScope.Models.Langevin;

namespace EntropyScope.Models.Ratchet;

/// <summary>
/// Writes a ratchet folder: <c>trajectories.npy</c> (int64 M×L: the state 0–5, or x = s mod 3 when partial),
/// <c>entropy.npy</c> (float64 M×(L−1): the true ΔS of every transition of the full chain) and <c>truth.json</c>
/// (<c>entropy_rate</c> per step, <c>dt</c> = 1). Streams in chunks, so 5×10⁷ steps need little memory.
/// </summary>
public static class RatchetDataset
{
    private const int Chunk = 1 << 16;

    public static DatasetSummary Write(string outDir, RatchetOptions o, IProgressSink? progress = null)
    {
        progress ??= ProgressSink.None;
        if (o.Steps < 2) throw new InputException($"--steps must be ≥ 2 (got {o.Steps})");
        if (o.Steps > int.MaxValue) throw new InputException($"--steps must be ≤ {int.MaxValue} (got {o.Steps})");
        if (o.Trajectories < 1) throw new InputException($"--trajectories must be ≥ 1 (got {o.Trajectories})");
        var ratchet = new FlashingRatchet(o.Potential, o.Temperature, o.SwitchRate);
        int m = o.Trajectories, l = (int)o.Steps;
        long bytes = 0;
        AtomicOutput.WriteDirectory(outDir, dir =>
        {
            using var states = NpyWriter.Create<long>(Path.Combine(dir, "trajectories.npy"), m, l);
            using var entropy = NpyWriter.Create<double>(Path.Combine(dir, "entropy.npy"), m, l - 1);
            var sBuf = new long[Chunk];
            var eBuf = new double[Chunk];
            double sum = 0;
            for (int traj = 0; traj < m; traj++)
            {
                var rng = new Xoshiro256(o.Seed, 3, (ulong)traj);
                int s = ratchet.DrawInitial(ref rng);
                sBuf[0] = o.Partial ? s % 3 : s;
                int sCount = 1, eCount = 0;
                for (int t = 1; t < l; t++)
                {
                    int next = ratchet.Step(ref rng, s);
                    double ds = ratchet.TransitionEntropy(s, next);
                    sum += ds;
                    eBuf[eCount++] = ds;
                    sBuf[sCount++] = o.Partial ? next % 3 : next;
                    s = next;
                    if (sCount == Chunk) { states.Append<long>(sBuf.AsSpan(0, sCount)); sCount = 0; }
                    if (eCount == Chunk) { entropy.Append<double>(eBuf.AsSpan(0, eCount)); eCount = 0; }
                    if ((t & 0xFFFFF) == 0) progress.Report((traj + (double)t / l) / m, $"trajectory {traj + 1}/{m}  step {t}/{l}");
                }
                states.Append<long>(sBuf.AsSpan(0, sCount));
                entropy.Append<double>(eBuf.AsSpan(0, eCount));
                progress.Report((traj + 1.0) / m, $"trajectory {traj + 1}/{m}");
            }
            states.Commit();
            entropy.Commit();
            AtomicOutput.WriteAllText(Path.Combine(dir, "truth.json"), Truth(o, ratchet, sum / ((double)m * (l - 1))));
            bytes = new[] { "trajectories.npy", "entropy.npy", "truth.json" }.Sum(f => new FileInfo(Path.Combine(dir, f)).Length);
        });
        return new DatasetSummary(Path.GetFullPath(outDir), "ratchet", ratchet.EntropyPerStep, ratchet.EntropyPerStep,
            m, l, 0, 0, bytes, ["trajectories.npy", "entropy.npy", "truth.json"]);
    }

    private static string Truth(RatchetOptions o, FlashingRatchet r, double empirical)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("model", "ratchet");
            w.WriteNumber("seed", o.Seed);
            w.WriteNumber("dt", 1);
            w.WriteNumber("trajectories", o.Trajectories);
            w.WriteNumber("steps", o.Steps);
            w.WriteNumber("potential", o.Potential);
            w.WriteNumber("temperature", o.Temperature);
            w.WriteNumber("switch_rate", o.SwitchRate);
            w.WriteBoolean("partial", o.Partial);
            w.WriteString("observed", o.Partial ? "position x = s mod 3 (0–2)" : "state s = x (on) or 3 + x (off) (0–5)");
            w.WriteNumber("states", o.Partial ? 3 : FlashingRatchet.States);
            w.WriteNumber("entropy_rate", r.EntropyPerStep);
            w.WriteNumber("entropy_per_step", r.EntropyPerStep);
            w.WriteNumber("reference_entropy_rate", r.EntropyPerStep);
            w.WriteNumber("empirical_entropy_rate", empirical);
            if (o.Partial)
            {
                w.WriteNumber("two_point_entropy_rate", r.PartialTwoPointEntropyPerStep);
                w.WriteString("note", "partial observation: any estimator from x alone gives a lower bound of entropy_rate (the full chain's EP)");
            }
            w.WriteString("entropy_units", "nats per step; entropy.npy holds the full chain's ΔS per transition");
            LangevinDataset.WriteArray(w, "stationary", r.Stationary);
            w.WriteStartArray("transition");
            for (int s = 0; s < FlashingRatchet.States; s++)
                LangevinDataset.WriteArray(w, null, Enumerable.Range(0, FlashingRatchet.States).Select(t => r.Transition[s, t]));
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }
}
