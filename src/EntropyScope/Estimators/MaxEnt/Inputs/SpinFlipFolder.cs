using System.Text.Json.Nodes;
using EntropyScope.IO;
using EntropyScope.Models.Ising;

namespace EntropyScope.Estimators.MaxEnt.Inputs;

/// <summary>A folder of spin-flip records: states.npy (±1, samples × N), flips.npy (0/1 or bool, samples × N),
/// optionally truth.json (beta, entropy_rate) and couplings.npy (N × N) as written by `simulate ising`;
/// next_states.npy (±1, samples × N) marks synchronous (`--parallel`) records: the state after each recorded step.</summary>
public sealed class SpinFlipFolder
{
    public required SpinFlipRecords Records { get; init; }
    public JsonObject? Truth { get; init; }
    public IsingCouplings? Couplings { get; init; }
    public double[]? DenseCouplings { get; init; }
    public sbyte[]? NextStates { get; init; }

    public static SpinFlipFolder Load(string dir)
    {
        if (!Directory.Exists(dir)) throw new InputException($"{dir}: spin-flip folder not found");
        string sp = Path.Combine(dir, "states.npy"), fp = Path.Combine(dir, "flips.npy");
        using var st = NpyArray.Open(sp);
        using var fl = NpyArray.Open(fp);
        if (st.Shape.Length != 2) throw new InputException($"{sp}: states must be samples × N (got shape ({string.Join(", ", st.Shape)}))");
        if (!fl.Shape.SequenceEqual(st.Shape)) throw new InputException($"{fp}: flips shape ({string.Join(", ", fl.Shape)}) differs from states shape ({string.Join(", ", st.Shape)})");
        if (st.Length > Array.MaxLength) throw new InputException($"{sp}: too large to hold in memory");
        var states = st.ReadAll<sbyte>();
        var flipsRaw = fl.ReadAll<byte>();
        var recs = new SpinFlipRecords(states, flipsRaw, st.Shape[0], st.Shape[1]);
        sbyte[]? next = null;
        string np = Path.Combine(dir, "next_states.npy");
        if (File.Exists(np))
        {
            using var ns = NpyArray.Open(np);
            if (!ns.Shape.SequenceEqual(st.Shape)) throw new InputException($"{np}: next-states shape ({string.Join(", ", ns.Shape)}) differs from states shape ({string.Join(", ", st.Shape)})");
            next = ns.ReadAll<sbyte>();
        }
        JsonObject? truth = null;
        string tp = Path.Combine(dir, "truth.json");
        if (File.Exists(tp))
        {
            try { truth = JsonNode.Parse(File.ReadAllText(tp)) as JsonObject; }
            catch (System.Text.Json.JsonException e) { throw new InputException($"{tp}: not valid JSON ({e.Message})"); }
        }
        IsingCouplings? j = null; double[]? dense = null;
        string cp = Path.Combine(dir, "couplings.npy");
        if (File.Exists(cp))
        {
            using var c = NpyArray.Open(cp);
            int n = st.Shape[1];
            if (c.Shape.Length != 2 || c.Shape[0] != n || c.Shape[1] != n) throw new InputException($"{cp}: couplings must be N × N = {n} × {n}");
            dense = c.ReadAll<double>();
            var m = new double[n, n];
            for (int a = 0; a < n; a++) for (int b = 0; b < n; b++) m[a, b] = a == b ? 0 : dense[a * n + b];
            j = IsingCouplings.FromDense(m);
        }
        return new SpinFlipFolder { Records = recs, Truth = truth, Couplings = j, DenseCouplings = dense, NextStates = next };
    }
}
