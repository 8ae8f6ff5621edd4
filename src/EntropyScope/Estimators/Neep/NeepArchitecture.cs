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
    /// <summary>How NEEP on continuous states sees a pair: <see cref="StatesInput"/> or <see cref="IncrementsInput"/>.</summary>
    public string PairInput { get; init; } = StatesInput;
    /// <summary>With <see cref="IncrementsInput"/>: the training std of each (standardised) coordinate's one-step increment.</summary>
    public double[] IncrementStd { get; init; } = [];

    /// <summary>(s_t, s_{t+1}) as they are (the reference).</summary>
    public const string StatesInput = "states";
    /// <summary>
    /// The same pair as (midpoint, increment / its training std): an invertible linear map of (s_t, s_{t+1}), so the
    /// network's function class is unchanged (its first layer is linear) and the swapped pair is (midpoint, −increment);
    /// only the conditioning differs: the increments, which carry the time asymmetry, arrive at unit scale instead of
    /// as a small difference of two nearly equal inputs.
    /// </summary>
    public const string IncrementsInput = "increments";

    public bool Discrete => Tokens > 0;

    /// <summary>Reference sizes (estimators.md §3): NEEP 3×256 continuous, 1×256 on 2×128 embeddings; RNEEP GRU 128, k = 32.</summary>
    public static NeepArchitecture Default(string kind, int dimension, int tokens, int? hidden, int? layers, int? window, string? pairInput = null)
    {
        bool rneep = kind == Rneep;
        return new NeepArchitecture
        {
            Kind = kind, Dimension = dimension, Tokens = tokens, PairInput = pairInput ?? StatesInput,
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
        if (PairInput != StatesInput && PairInput != IncrementsInput)
            throw new InputException($"--pair-input must be {StatesInput} or {IncrementsInput} (got '{PairInput}')");
        if (PairInput == IncrementsInput && (Kind != Neep || Discrete))
            throw new InputException($"--pair-input {IncrementsInput} applies to neep on continuous coordinates only");
        if (PairInput == IncrementsInput && (IncrementStd.Length != Dimension || IncrementStd.Any(s => !(s > 0) || double.IsInfinity(s))))
            throw new InputException($"--pair-input {IncrementsInput}: needs a positive increment std for each of the {Dimension} coordinates");
    }
}
