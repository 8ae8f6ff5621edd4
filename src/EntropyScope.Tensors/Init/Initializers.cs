namespace EntropyScope.Tensors.Init;

/// <summary>
/// Weight initialisers with PyTorch's definitions (torch.nn.init), driven by a caller-seeded <see cref="Random"/>
/// so the same seed gives the same network.
/// </summary>
public static class Initializers
{
    /// <summary>U(−bound, bound).</summary>
    public static void Uniform(Span<float> w, float bound, Random rng)
    {
        for (int i = 0; i < w.Length; i++) w[i] = (float)((rng.NextDouble() * 2 - 1) * bound);
    }

    /// <summary>N(0, std²) by Box–Muller.</summary>
    public static void Normal(Span<float> w, float std, Random rng)
    {
        for (int i = 0; i < w.Length; i += 2)
        {
            double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
            double r = Math.Sqrt(-2 * Math.Log(u1));
            w[i] = (float)(std * r * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < w.Length) w[i + 1] = (float)(std * r * Math.Sin(2 * Math.PI * u2));
        }
    }

    /// <summary>kaiming_normal_(mode="fan_out", nonlinearity="relu"): N(0, 2 / fan_out).</summary>
    public static void KaimingNormalFanOut(Span<float> w, int fanOut, Random rng) => Normal(w, MathF.Sqrt(2f / fanOut), rng);

    /// <summary>xavier_uniform_: U(±gain·√(6 / (fan_in + fan_out))).</summary>
    public static void XavierUniform(Span<float> w, int fanIn, int fanOut, Random rng, float gain = 1f) =>
        Uniform(w, gain * MathF.Sqrt(6f / (fanIn + fanOut)), rng);

    /// <summary>
    /// PyTorch's default for Linear and Conv weights, kaiming_uniform_(a = √5): gain √(2/(1 + 5)), bound
    /// gain·√(3 / fan_in) = 1/√fan_in.
    /// </summary>
    public static void PyTorchDefaultWeight(Span<float> w, int fanIn, Random rng) => Uniform(w, 1f / MathF.Sqrt(fanIn), rng);

    /// <summary>PyTorch's default for Linear and Conv biases: U(±1/√fan_in).</summary>
    public static void PyTorchDefaultBias(Span<float> b, int fanIn, Random rng) => Uniform(b, fanIn > 0 ? 1f / MathF.Sqrt(fanIn) : 0f, rng);

    /// <summary>PyTorch's default for every LSTM/GRU weight and bias: U(±1/√hidden).</summary>
    public static void PyTorchDefaultRecurrent(Span<float> w, int hidden, Random rng) => Uniform(w, 1f / MathF.Sqrt(hidden), rng);
}
