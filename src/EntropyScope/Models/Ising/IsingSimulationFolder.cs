using System.Text.Json.Nodes;
using EntropyScope.IO;

namespace EntropyScope.Models.Ising;

/// <summary>Settings echoed into truth.json.</summary>
public sealed record IsingSimulationSettings(int Spins, double Beta, int? K, double J0, double DJ, int SamplesPerSpin, int Restarts, bool Parallel, int Seed);

/// <summary>
/// The kinetic-Ising simulation folder: states.npy (int8 samples × N, ±1), flips.npy (uint8 samples × N),
/// next_states.npy (parallel mode), couplings.npy (float64 N × N, row i = field on spin i) and truth.json.
/// </summary>
public static class IsingSimulationFolder
{
    public static JsonObject Write(string dir, IsingCouplings j, IsingSamples s, IsingSimulationSettings p, double? exact, double seconds)
    {
        Npy.Write<sbyte>(Path.Combine(dir, "states.npy"), s.States, s.Count, s.N);
        Npy.Write<byte>(Path.Combine(dir, "flips.npy"), s.Flips, s.Count, s.N);
        if (s.NextStates is not null) Npy.Write<sbyte>(Path.Combine(dir, "next_states.npy"), s.NextStates, s.Count, s.N);
        Npy.Write<double>(Path.Combine(dir, "couplings.npy"), j.ToDense(), s.N, s.N);
        double rate = exact ?? s.RateEntropyRate;
        // parallel mode: one step updates all spins, so "per attempt" is per synchronous step and a sweep is one step
        double perSweep = p.Parallel ? rate : rate * s.N;
        var truth = new JsonObject
        {
            ["model"] = "kinetic_ising",
            ["dynamics"] = p.Parallel ? "parallel" : "sequential",
            ["spins"] = p.Spins,
            ["beta"] = p.Beta,
            ["k"] = p.K is { } k ? k : null,
            ["dense"] = p.K is null,
            ["j0"] = p.J0,
            ["dj"] = p.DJ,
            ["samples_per_spin"] = p.SamplesPerSpin,
            ["restarts"] = Math.Clamp(p.Restarts, 1, p.SamplesPerSpin),
            ["seed"] = p.Seed,
            ["dt"] = 1.0,
            ["entropy_rate"] = rate,
            ["entropy_rate_unit"] = p.Parallel ? "nats per synchronous step" : "nats per single-spin update attempt",
            ["entropy_rate_per_attempt"] = p.Parallel ? null : rate,
            ["entropy_rate_per_sweep"] = perSweep,
            ["entropy_rate_source"] = exact is not null ? "exact enumeration" : p.Parallel ? "sample mean of ln W(x→y)/W(y→x)" : "rates averaged over recorded states: (1/N)Σ_i w_i(x)(−2βx_ih_i)",
            ["rate_entropy_rate"] = s.RateEntropyRate,
            ["empirical_entropy_rate"] = s.EmpiricalEntropyRate,
            ["exact_entropy_rate"] = exact,
            ["mean_flip_probability"] = p.Parallel ? null : s.FlipCounts.Sum() / ((double)s.Count * s.N),
            ["elapsed_seconds"] = seconds,
            ["files"] = new JsonObject
            {
                ["states"] = "states.npy int8 (samples, N) ±1",
                ["flips"] = p.Parallel ? "flips.npy uint8 (samples, N): x'_i ≠ x_i" : "flips.npy uint8 (samples, N): an independent attempt on spin i flipped it",
                ["next_states"] = p.Parallel ? "next_states.npy int8 (samples, N)" : null,
                ["couplings"] = "couplings.npy float64 (N, N), row i = field on spin i",
            },
        };
        AtomicOutput.WriteAllText(Path.Combine(dir, "truth.json"), truth.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        return truth;
    }
}
