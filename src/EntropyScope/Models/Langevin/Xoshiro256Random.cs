namespace EntropyScope.Models.Langevin;

/// <summary>
/// <see cref="Random"/> backed by <see cref="Xoshiro256"/>, for code written against Random. A seeded
/// <c>new Random(seed)</c> is .NET's legacy subtractive generator: every output is (X_{n−55} − X_{n−34}) mod
/// (2³¹ − 1) of earlier ones, and a network trained for long enough learns that. It told passive tracers
/// simulated through the active code path (two normals per frame instead of one) from the same passive physics
/// (docs/tracer.md, "Simulator random numbers").
/// </summary>
public sealed class Xoshiro256Random(ulong seed, params ReadOnlySpan<ulong> stream) : Random
{
    private Xoshiro256 _state = new(seed, stream);

    protected override double Sample() => NextDouble();
    public override double NextDouble() => _state.NextDouble();
    public override float NextSingle() => (_state.NextUInt64() >> 40) * (1f / (1 << 24));
    public override long NextInt64() => (long)(_state.NextUInt64() >> 1) is var v && v != long.MaxValue ? v : NextInt64();
    public override int Next() => (int)(_state.NextUInt64() >> 33) is var v && v != int.MaxValue ? v : Next();

    public override int Next(int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return maxValue <= 1 ? 0 : _state.NextInt(maxValue);
    }

    public override int Next(int minValue, int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        long range = (long)maxValue - minValue;
        return range <= int.MaxValue ? minValue + Next((int)range) : (int)(minValue + (long)(NextDouble() * range));
    }

    public override void NextBytes(byte[] buffer) => NextBytes(buffer.AsSpan());

    public override void NextBytes(Span<byte> buffer)
    {
        for (int i = 0; i < buffer.Length; i += 8)
        {
            ulong v = _state.NextUInt64();
            for (int k = 0; k < 8 && i + k < buffer.Length; k++, v >>= 8) buffer[i + k] = (byte)v;
        }
    }
}
