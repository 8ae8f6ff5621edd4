namespace EntropyScope.Models.Tracer;

/// <summary>The three trapped-tracer noise models of models.md §7.</summary>
public enum TracerModel
{
    /// <summary>Thermal noise only (D_a = 0).</summary>
    Passive,
    /// <summary>Active Ornstein–Uhlenbeck force: τ ḟ = −f + √(2D_a) ξ′.</summary>
    Aoup,
    /// <summary>Rotational Brownian propulsion: f = v₀ cos θ, θ̇ = √(2D_r) ξ″.</summary>
    Rbp,
}

public static class TracerModelNames
{
    public static string Name(this TracerModel m) => m switch
    {
        TracerModel.Passive => "passive",
        TracerModel.Aoup => "aoup",
        _ => "rbp",
    };

    public static TracerModel Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "passive" => TracerModel.Passive,
        "aoup" => TracerModel.Aoup,
        "rbp" => TracerModel.Rbp,
        _ => throw new InputException($"--model: unknown tracer model '{name}' (expected passive, aoup or rbp)"),
    };
}
