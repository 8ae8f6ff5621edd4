namespace EntropyScope.Models.Langevin;

/// <summary>
/// A coupled pair (i, j), i &lt; j, with coupling K_ij, its mean exchanged heat rate ⟨Q̇_ij⟩ (heat into bath i)
/// and its exchanged EP rate σ_ij [CNEEP Eqs. (7)–(8)].
/// </summary>
public sealed record Bond(int I, int J, double Coupling, double ExchangedHeatRate, double ExchangedEntropyRate);
