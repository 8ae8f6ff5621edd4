using System.Text.Json;
using System.Text.Json.Nodes;

namespace EntropyScope.Models.Tracer;

/// <summary>truth.json of a tracer simulation folder (snake_case, the shared simulation-output contract).</summary>
public static class TracerTruth
{
    public static string ToJson(TracerModel model, long seed, int length, TracerObservation obs, TracerPrior prior,
                                IReadOnlyDictionary<string, double> fixedParameters, IReadOnlyList<TracerParameters> parameters)
    {
        var list = new JsonArray();
        for (int i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i];
            var o = new JsonObject
            {
                ["index"] = i,
                ["model"] = p.Model.Name(),
                ["label_active"] = p.Model == TracerModel.Passive ? 0 : 1,
                ["label_rbp"] = p.Model == TracerModel.Rbp ? 1 : 0,
                ["kappa"] = p.Kappa,
                ["d"] = p.D,
                ["d_a"] = p.Model == TracerModel.Passive ? 0.0 : p.Da,
                ["tau"] = p.Model == TracerModel.Passive ? null : p.Tau,
            };
            if (p.Model == TracerModel.Rbp)
            {
                o["v0"] = p.PropulsionSpeed;
                o["d_r"] = p.RotationalDiffusion;
            }
            list.Add(o);
        }
        var fixedNode = new JsonObject();
        foreach (var (k, v) in fixedParameters) fixedNode[k] = v;
        var root = new JsonObject
        {
            ["model"] = "tracer-" + model.Name(),
            ["tracer_model"] = model.Name(),
            ["seed"] = seed,
            ["dt"] = obs.Dt,
            ["length"] = length,
            ["count"] = parameters.Count,
            ["dimensions"] = obs.Dimensions,
            ["localisation_noise"] = obs.LocalisationNoise,
            ["rbp_substeps"] = obs.RbpSubsteps,
            ["integrator"] = model == TracerModel.Rbp ? "euler-maruyama-substeps (exact OU position update per sub-step)" : "exact (x,f) Gaussian step",
            ["fixed_parameters"] = fixedNode,
            ["prior"] = JsonSerializer.SerializeToNode(prior),
            ["trajectories"] = list,
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
