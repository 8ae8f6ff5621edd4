using EntropyScope.Models.Langevin;
using EntropyScope.Models.Langevin.Algebra;

namespace EntropyScope.Models.Filaments;

/// <summary>How a filament's restoring force is linearised (models.md §2, [assumed]).</summary>
public enum Linearisation
{
    /// <summary>Force k(u_b − u_a) on both x and y: K = −k L_D ⊗ I₂ (default).</summary>
    Isotropic,
    /// <summary>Only the component along the filament axis: x couples along rows, y along columns.</summary>
    CentralForce,
}

/// <summary>One filament: node a to node b, or node a to the fixed frame (b = −1) on side (dRow, dCol).</summary>
public sealed record Filament(int A, int B, int WallRowStep, int WallColumnStep)
{
    public bool IsWall => B < 0;
}

/// <summary>
/// N×N network of elastic filaments in 2D (CNEEP Sec. IV, models.md §2). Node (a, b) has index aN + b, and
/// coordinates are ordered [x_0, y_0, x_1, y_1, …] (x → image column, y → image row). Every node has four
/// filaments (missing neighbours are walls); each node is hot (T_h) with probability p, else T_c.
/// </summary>
public sealed class FilamentNetwork
{
    public int Size { get; }
    public double SpringConstant { get; }
    public double Friction { get; }
    public Linearisation Linearisation { get; }
    public bool[] Hot { get; }
    public double[] NodeTemperatures { get; }
    public IReadOnlyList<Filament> Filaments { get; }
    public LinearLangevin Model { get; }

    public FilamentNetwork(int size, double[] nodeTemperatures, bool[] hot, double k = 1, double gamma = 1, Linearisation linearisation = Linearisation.Isotropic)
    {
        if (size < 1) throw new InputException($"--nodes must be ≥ 1 (got {size})");
        if (size > 10) throw new InputException($"--nodes must be ≤ 10 (2N² ≤ 200 coordinates; got {size})");
        if (nodeTemperatures.Length != size * size) throw new ArgumentException("FilamentNetwork: one temperature per node");
        if (!(k > 0) || double.IsInfinity(k)) throw new InputException($"--k (spring constant) must be > 0 (got {k})");
        if (!(gamma > 0) || double.IsInfinity(gamma)) throw new InputException($"--gamma must be > 0 (got {gamma})");
        Size = size; SpringConstant = k; Friction = gamma; Linearisation = linearisation;
        NodeTemperatures = nodeTemperatures; Hot = hot;
        Filaments = BuildFilaments(size);
        int n = 2 * size * size;
        var force = new Matrix(n);
        foreach (var f in Filaments)
        {
            // Which coordinates this filament restores: both (isotropic) or only the one along its axis.
            bool horizontal = f.IsWall ? f.WallColumnStep != 0 : f.B == f.A + 1;
            for (int axis = 0; axis < 2; axis++)
            {
                if (linearisation == Linearisation.CentralForce && (axis == 0) != horizontal) continue;
                int ia = 2 * f.A + axis;
                force[ia, ia] -= k;
                if (f.IsWall) continue;
                int ib = 2 * f.B + axis;
                force[ib, ib] -= k;
                force[ia, ib] += k;
                force[ib, ia] += k;
            }
        }
        var temps = new double[n];
        for (int i = 0; i < size * size; i++) temps[2 * i] = temps[2 * i + 1] = nodeTemperatures[i];
        Model = new LinearLangevin(force, Enumerable.Repeat(gamma, n).ToArray(), temps);
    }

    /// <summary>
    /// Draws the quenched hot mask from a seeded stream; redrawn while all nodes share one temperature (σ = 0).
    /// A 1×1 network or p ∈ {0, 1} cannot be mixed and is kept as drawn.
    /// </summary>
    public static FilamentNetwork CreateRandom(int size, double pHot, ulong seed, double tc = 1, double th = 5,
        double k = 1, double gamma = 1, Linearisation linearisation = Linearisation.Isotropic)
    {
        if (!(pHot >= 0 && pHot <= 1)) throw new InputException($"--p-hot must be in [0, 1] (got {pHot})");
        if (!(tc > 0) || double.IsInfinity(tc)) throw new InputException($"--tc must be > 0 (got {tc})");
        if (!(th > 0) || double.IsInfinity(th)) throw new InputException($"--th must be > 0 (got {th})");
        if (size < 1) throw new InputException($"--nodes must be ≥ 1 (got {size})");
        int nodes = size * size;
        var rng = new Xoshiro256(seed, 0x686F74UL /* "hot" */);
        var hot = new bool[nodes];
        bool canMix = nodes > 1 && pHot > 0 && pHot < 1;
        for (int attempt = 0; ; attempt++)
        {
            for (int i = 0; i < nodes; i++) hot[i] = rng.NextDouble() < pHot;
            bool uniform = hot.All(h => h) || hot.All(h => !h);
            if (!uniform || !canMix || attempt > 10000) break;
        }
        return new FilamentNetwork(size, hot.Select(h => h ? th : tc).ToArray(), hot, k, gamma, linearisation);
    }

    public static List<Filament> BuildFilaments(int size)
    {
        var list = new List<Filament>();
        for (int a = 0; a < size; a++)
            for (int b = 0; b < size; b++)
            {
                int node = a * size + b;
                if (b + 1 < size) list.Add(new Filament(node, node + 1, 0, 0));
                if (a + 1 < size) list.Add(new Filament(node, node + size, 0, 0));
                if (a == 0) list.Add(new Filament(node, -1, -1, 0));
                if (a == size - 1) list.Add(new Filament(node, -1, 1, 0));
                if (b == 0) list.Add(new Filament(node, -1, 0, -1));
                if (b == size - 1) list.Add(new Filament(node, -1, 0, 1));
            }
        return list;
    }

    /// <summary>
    /// Exchanged EP rate of each node–node filament: the sum of σ_ij over the coordinate bonds it carries
    /// (x–x and y–y). Wall filaments carry none. Σ over filaments = σ.
    /// </summary>
    public double[] FilamentEntropyRates()
    {
        var byPair = new Dictionary<(int, int), double>();
        foreach (var bond in Model.Bonds())
        {
            var key = (bond.I / 2, bond.J / 2);
            byPair[key] = byPair.GetValueOrDefault(key) + bond.ExchangedEntropyRate;
        }
        return Filaments.Select(f => f.IsWall ? 0 : byPair.GetValueOrDefault((Math.Min(f.A, f.B), Math.Max(f.A, f.B)))).ToArray();
    }

    /// <summary>Exchanged heat rate into node A's bath through each filament (summed over its coordinates).</summary>
    public double[] FilamentHeatRates()
    {
        var byPair = new Dictionary<(int, int), double>();
        foreach (var bond in Model.Bonds())
        {
            var key = (bond.I / 2, bond.J / 2);
            byPair[key] = byPair.GetValueOrDefault(key) + bond.ExchangedHeatRate;
        }
        return Filaments.Select(f => f.IsWall ? 0 : byPair.GetValueOrDefault((f.A, f.B))).ToArray();
    }
}
