using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace EntropyScope.Tensors.Checkpoints;

/// <summary>One float32 tensor read from a safetensors file.</summary>
public sealed record SafetensorsTensor(string Name, int[] Shape, float[] Data);

/// <summary>The contents of a safetensors file: tensors by name (in file order) and the "__metadata__" string map.</summary>
public sealed class SafetensorsFile
{
    internal SafetensorsFile(IReadOnlyList<SafetensorsTensor> ordered, IReadOnlyDictionary<string, string> metadata)
    {
        Ordered = ordered;
        Tensors = ordered.ToDictionary(t => t.Name, StringComparer.Ordinal);
        Metadata = metadata;
    }

    public IReadOnlyList<SafetensorsTensor> Ordered { get; }
    public IReadOnlyDictionary<string, SafetensorsTensor> Tensors { get; }
    public IReadOnlyDictionary<string, string> Metadata { get; }
    public SafetensorsTensor this[string name] => Tensors[name];
}

/// <summary>
/// The safetensors format (huggingface/safetensors): an 8-byte little-endian header length N, N bytes of JSON
/// {name: {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, "__metadata__": {string: string}},
/// then the raw little-endian tensor bytes. Only F32 is written and read. Files open in NumPy/PyTorch.
/// </summary>
public static class Safetensors
{
    private const string MetadataKey = "__metadata__";

    /// <summary>Writes the tensors atomically (temporary file, then rename).</summary>
    public static void Save(string path, IEnumerable<(string Name, int[] Shape, float[] Data)> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var list = tensors.ToList();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, shape, data) in list)
        {
            if (string.IsNullOrEmpty(name) || name == MetadataKey) throw new ArgumentException($"invalid tensor name '{name}'");
            if (!names.Add(name)) throw new ArgumentException($"tensor '{name}' appears twice");
            long n = 1;
            foreach (int d in shape) { if (d < 0) throw new ArgumentException($"tensor '{name}' has a negative dimension"); n *= d; }
            if (n != data.Length) throw new ArgumentException($"tensor '{name}' has shape [{string.Join(", ", shape)}] ({n} values) but {data.Length} values");
        }

        byte[] header = BuildHeader(list, metadata);
        AtomicFile.Write(path, s =>
        {
            Span<byte> len = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)header.Length);
            s.Write(len);
            s.Write(header);
            foreach (var (_, _, data) in list) WriteFloats(s, data);
        });
    }

    public static SafetensorsFile Load(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        long fileLength = fs.Length;
        Span<byte> len = stackalloc byte[8];
        if (fileLength < 8 || fs.ReadAtLeast(len, 8, throwOnEndOfStream: false) != 8)
            throw Bad(path, "file is shorter than the 8-byte header length");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(len);
        if (headerLength == 0 || headerLength > (ulong)(fileLength - 8) || headerLength > 100_000_000)
            throw Bad(path, $"header length {headerLength} does not fit the file of {fileLength} bytes");
        var headerBytes = new byte[headerLength];
        fs.ReadExactly(headerBytes);
        long dataStart = 8 + (long)headerLength;
        long dataLength = fileLength - dataStart;

        var entries = new List<(string Name, int[] Shape, long Begin, long End)>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var doc = JsonDocument.Parse(headerBytes);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw Bad(path, "header is not a JSON object");
            foreach (var prop in doc.RootElement.EnumerateObject())
            {
                if (prop.Name == MetadataKey)
                {
                    foreach (var m in prop.Value.EnumerateObject())
                        metadata[m.Name] = m.Value.GetString() ?? throw Bad(path, $"metadata '{m.Name}' is not a string");
                    continue;
                }
                var e = prop.Value;
                string dtype = e.GetProperty("dtype").GetString() ?? "";
                if (dtype != "F32") throw Bad(path, $"tensor '{prop.Name}' has dtype {dtype}; only F32 is supported");
                var shape = e.GetProperty("shape").EnumerateArray().Select(x => x.GetInt32()).ToArray();
                var offsets = e.GetProperty("data_offsets").EnumerateArray().Select(x => x.GetInt64()).ToArray();
                if (offsets.Length != 2) throw Bad(path, $"tensor '{prop.Name}' needs two data_offsets");
                long count = 1;
                foreach (int d in shape) { if (d < 0) throw Bad(path, $"tensor '{prop.Name}' has a negative dimension"); count *= d; }
                if (offsets[0] < 0 || offsets[1] < offsets[0] || offsets[1] > dataLength || offsets[1] - offsets[0] != count * 4)
                    throw Bad(path, $"tensor '{prop.Name}' data_offsets [{offsets[0]}, {offsets[1]}] do not match shape [{string.Join(", ", shape)}] within {dataLength} data bytes");
                entries.Add((prop.Name, shape, offsets[0], offsets[1]));
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw Bad(path, "header is not valid safetensors JSON: " + ex.Message);
        }

        entries.Sort((a, b) => a.Begin.CompareTo(b.Begin));
        var tensors = new List<SafetensorsTensor>(entries.Count);
        foreach (var (name, shape, begin, end) in entries)
        {
            var data = new float[(end - begin) / 4];
            fs.Position = dataStart + begin;
            var bytes = MemoryMarshal.AsBytes(data.AsSpan());
            fs.ReadExactly(bytes);
            if (!BitConverter.IsLittleEndian)
            {
                var ints = MemoryMarshal.Cast<float, int>(data.AsSpan());
                for (int i = 0; i < ints.Length; i++) ints[i] = BinaryPrimitives.ReverseEndianness(ints[i]);
            }
            tensors.Add(new SafetensorsTensor(name, shape, data));
        }
        return new SafetensorsFile(tensors, metadata);
    }

    private static byte[] BuildHeader(List<(string Name, int[] Shape, float[] Data)> list, IReadOnlyDictionary<string, string>? metadata)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                w.WriteStartObject(MetadataKey);
                foreach (var kv in metadata) w.WriteString(kv.Key, kv.Value);
                w.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, shape, data) in list)
            {
                w.WriteStartObject(name);
                w.WriteString("dtype", "F32");
                w.WriteStartArray("shape");
                foreach (int d in shape) w.WriteNumberValue(d);
                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offset);
                w.WriteNumberValue(offset + 4L * data.Length);
                w.WriteEndArray();
                w.WriteEndObject();
                offset += 4L * data.Length;
            }
            w.WriteEndObject();
        }
        // Pad with spaces to a multiple of 8 so the data section is aligned (allowed by the format).
        int padded = (int)((ms.Length + 7) / 8 * 8);
        var header = new byte[padded];
        ms.ToArray().CopyTo(header, 0);
        for (int i = (int)ms.Length; i < padded; i++) header[i] = (byte)' ';
        return header;
    }

    private static void WriteFloats(Stream s, float[] data)
    {
        if (BitConverter.IsLittleEndian) { s.Write(MemoryMarshal.AsBytes(data.AsSpan())); return; }
        var buf = new byte[4];
        foreach (float f in data) { BinaryPrimitives.WriteSingleLittleEndian(buf, f); s.Write(buf); }
    }

    private static InvalidDataException Bad(string path, string problem) => new($"{path}: not a readable safetensors checkpoint: {problem}");
}
