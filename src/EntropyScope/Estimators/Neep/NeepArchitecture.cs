namespace EntropyScope.Estimators.Neep;

/// <summary>
/// The shape of a NEEP-family network over state windows (estimators.md §3): <c>neep</c> = MLP on (s_t, s_{t+1}),
/// <c>rneep</c> = GRU over k states. Discrete states go through an embedding of <see cref="Tokens"/> rows.
/// </summary>
public sealed record NeepArchitecture
{
    public const string Neep = "neep";
    public const string Rneep = "rneep";
    /// <summary>Embedding width per state of the embedding NEEP (estimators.md §3: n_token → 128).</summary>
    public const int DefaultEmbedding = 128;

    public required string Kind { get; init; }
    /// <summary>Coordinates per state (1 for discrete states).</summary>
    public required int Dimension { get; init; }
    /// <summary>Number of discrete states (embedding rows); 0 for continuous coordinates.</summary>
    public int Tokens { get; init; }
    /// <summary>NEEP: width of the hidden layers; RNEEP: GRU hidden size H.</summary>
    public required int Hidden { get; init; }
    /// <summary>NEEP: number of [Linear + ReLU] layers; RNEEP: GRU layers (1 in the reference).</summary>
    public required int Layers { get; init; }
    /// <summary>States per window: 2 for NEEP, k for RNEEP.</summary>
    public required int Window { get; init; }
    public int Embedding { get; init; } = DefaultEmbedding;

    public bool Discrete => Tokens > 0;

    /// <summary>Reference sizes (estimators.md §3): NEEP 3×256 continuous, 1×256 on 2×128 embeddings; RNEEP GRU 128, k = 32.</summary>
    public static NeepArchitecture Default(string kind, int dimension, int tokens, int? hidden, int? layers, int? window)
    {
        bool rneep = kind == Rneep;
        return new NeepArchitecture
        {
            Kind = kind, Dimension = dimension, Tokens = tokens,
            Hidden = hidden ?? (rneep ? 128 : 256),
            Layers = layers ?? (rneep ? 1 : tokens > 0 ? 1 : 3),
            Window = window ?? (rneep ? 32 : 2),
        };
    }

    public void Validate()
    {
        if (Kind != Neep && Kind != Rneep) throw new InputException($"--estimator must be cneep, neep or rneep (got '{Kind}')");
        if (Dimension < 1) throw new InputException($"states need at least one coordinate (got dimension {Dimension})");
        if (Tokens < 0) throw new InputException($"--states must be positive (got {Tokens})");
        if (Hidden < 1) throw new InputException($"--hidden must be positive (got {Hidden})");
        if (Layers < (Kind == Rneep ? 1 : 0) || Layers > 16) throw new InputException($"--layers must be between {(Kind == Rneep ? 1 : 0)} and 16 (got {Layers})");
        if (Kind == Neep && Window != 2) throw new InputException($"--window must be 2 for neep (it sees pairs (s_t, s_t+1); use rneep for longer windows), got {Window}");
        if (Window < 2) throw new InputException($"--window must be at least 2 (got {Window})");
        if (Discrete && Dimension != 1) throw new InputException($"discrete states must be one integer per step (got dimension {Dimension})");
    }
}
