using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using EntropyScope.Tensors.Checkpoints;
using EntropyScope.Tensors.Nn;
using EntropyScope.Tensors.Optim;

namespace EntropyScope.Tensors.Tests.Checkpoints;

public sealed class CheckpointTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "es-ckpt-" + Guid.NewGuid().ToString("N"));

    public CheckpointTests() => Directory.CreateDirectory(_dir);
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static ParameterStore MakeStore(int seed)
    {
        var store = new ParameterStore();
        store.Add("fc1.weight", 4, 3);
        store.Add("fc1.bias", 4);
        store.Add("gru.weight_hh_l0", 6, 2);
        var rng = new Random(seed);
        for (int i = 0; i < store.Count; i++) store.Values[i] = (float)(rng.NextDouble() * 2 - 1) / 3f;
        return store;
    }

    [Fact]
    public void ParametersAndAdamStateRoundTripBitExactly()
    {
        var store = MakeStore(1);
        var adam = new Adam(store, 1e-3f, weightDecay: 1e-4f);
        for (int step = 0; step < 3; step++)
        {
            for (int i = 0; i < store.Count; i++) store.Grads[i] = MathF.Cos(i * 0.37f + step);
            adam.Step();
        }
        adam.LearningRate = 3e-4f;
        string path = Path.Combine(_dir, "model.safetensors");
        Checkpoint.Save(path, store, adam, new Dictionary<string, string> { ["estimator"] = "neep" });
        Checkpoint.SaveConfig(path, "{\"hidden\": 256}");

        var store2 = MakeStore(2);
        var adam2 = new Adam(store2, 1f, weightDecay: 1e-4f);
        var meta = Checkpoint.Load(path, store2, adam2);
        Assert.Equal("neep", meta["estimator"]);
        Assert.Equal(Bits(store.Values), Bits(store2.Values));
        Assert.Equal(Bits(adam.FirstMoment), Bits(adam2.FirstMoment));
        Assert.Equal(Bits(adam.SecondMoment), Bits(adam2.SecondMoment));
        Assert.Equal(3, adam2.StepCount);
        Assert.Equal(3e-4f, adam2.LearningRate);
        Assert.Equal("{\"hidden\": 256}", Checkpoint.LoadConfig(path));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp-*"));

        // Resumed training continues identically.
        for (int i = 0; i < store.Count; i++) store.Grads[i] = store2.Grads[i] = MathF.Sin(i);
        adam.Step(); adam2.Step();
        Assert.Equal(Bits(store.Values), Bits(store2.Values));
    }

    [Fact]
    public void FileFollowsTheSafetensorsLayout()
    {
        string path = Path.Combine(_dir, "t.safetensors");
        Safetensors.Save(path, [("a", [2, 2], [1f, 2f, 3f, 4f]), ("b", [3], [-1f, 0.5f, float.Epsilon])], new Dictionary<string, string> { ["k"] = "v" });
        byte[] bytes = File.ReadAllBytes(path);
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0UL, (8 + n) % 8);
        using var doc = JsonDocument.Parse(Encoding.UTF8.GetString(bytes, 8, (int)n));
        var a = doc.RootElement.GetProperty("a");
        Assert.Equal("F32", a.GetProperty("dtype").GetString());
        Assert.Equal([2, 2], a.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([0L, 16L], a.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal([16L, 28L], doc.RootElement.GetProperty("b").GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal("v", doc.RootElement.GetProperty("__metadata__").GetProperty("k").GetString());
        Assert.Equal(8 + (int)n + 28, bytes.Length);
        Assert.Equal(3f, BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(8 + (int)n + 8)));

        var file = Safetensors.Load(path);
        Assert.Equal([1f, 2f, 3f, 4f], file["a"].Data);
        Assert.Equal(float.Epsilon, file["b"].Data[2]);
    }

    [Fact]
    public void WrongShapeOrMissingTensorIsAClearError()
    {
        string path = Path.Combine(_dir, "m.safetensors");
        Checkpoint.Save(path, MakeStore(1));
        var other = new ParameterStore();
        other.Add("fc1.weight", 3, 4);
        var ex = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path, other));
        Assert.Contains("fc1.weight", ex.Message);
        Assert.Contains("[4, 3]", ex.Message);
        Assert.Contains("[3, 4]", ex.Message);

        var missing = new ParameterStore();
        missing.Add("nope", 1);
        Assert.Contains("'nope'", Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path, missing)).Message);
        Assert.Contains("optimiser", Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path, MakeStore(1), new Adam(MakeStore(1), 1f))).Message);
    }

    [Fact]
    public void TruncatedFileIsRejected()
    {
        string path = Path.Combine(_dir, "bad.safetensors");
        Safetensors.Save(path, [("a", [4], [1f, 2f, 3f, 4f])]);
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^4]);
        Assert.Contains("bad.safetensors", Assert.Throws<InvalidDataException>(() => Safetensors.Load(path)).Message);
    }

    private static int[] Bits(float[] x) => x.Select(BitConverter.SingleToInt32Bits).ToArray();
}
