using System.IO;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace LlmLint.Embeddings;

/// <summary>One weight of a TF.js graph model, as listed in its weights manifest.</summary>
/// <param name="Name">The tensor name (the graph node it feeds).</param>
/// <param name="DType">The manifest dtype: <c>float32</c> or <c>int32</c>.</param>
/// <param name="Shape">The tensor shape.</param>
/// <param name="ByteOffset">The offset of the first byte in the concatenation of the weight shards.</param>
internal sealed record TfjsWeightSpec(string Name, string DType, int[] Shape, long ByteOffset)
{
    /// <summary>The number of elements (product of <see cref="Shape"/>).</summary>
    public long ElementCount
    {
        get
        {
            long n = 1;
            foreach (int d in Shape) n *= d;
            return n;
        }
    }
}

/// <summary>
/// A loaded TF.js graph model: the node list of <c>model.json</c> (name → op and inputs) and its weights, read from
/// the binary shards named by the weights manifest.
/// </summary>
/// <remarks>
/// Supports the layout the TF.js converter writes: little-endian <c>float32</c> and <c>int32</c> weights, concatenated
/// over the shards of each manifest group in manifest order. Quantized weights are rejected with a clear error.
/// </remarks>
internal sealed class TfjsGraphModel
{
    private readonly Dictionary<string, TfjsWeightSpec> _specs;
    private readonly Dictionary<string, float[]> _floats;
    private readonly Dictionary<string, int[]> _ints;
    private readonly Dictionary<string, TfjsNode> _nodes;

    private TfjsGraphModel(string modelPath, Dictionary<string, TfjsNode> nodes, Dictionary<string, TfjsWeightSpec> specs,
        Dictionary<string, float[]> floats, Dictionary<string, int[]> ints)
    {
        ModelPath = modelPath;
        _nodes = nodes;
        _specs = specs;
        _floats = floats;
        _ints = ints;
    }

    /// <summary>The path of <c>model.json</c>.</summary>
    public string ModelPath { get; }

    /// <summary>The graph nodes by name.</summary>
    public IReadOnlyDictionary<string, TfjsNode> Nodes => _nodes;

    /// <summary>The weights by name.</summary>
    public IReadOnlyDictionary<string, TfjsWeightSpec> Weights => _specs;

    /// <summary>Loads <paramref name="modelJsonPath"/> and the shards beside it.</summary>
    /// <exception cref="EmbeddingModelException">A file is missing, truncated or malformed; the message names it.</exception>
    public static TfjsGraphModel Load(string modelJsonPath)
    {
        ArgumentNullException.ThrowIfNull(modelJsonPath);
        if (!File.Exists(modelJsonPath))
        {
            throw new EmbeddingModelException($"The model file '{modelJsonPath}' was not found; expected a TF.js graph model (model.json).", modelJsonPath);
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllBytes(modelJsonPath));
        }
        catch (JsonException ex)
        {
            throw new EmbeddingModelException($"The model file '{modelJsonPath}' is not valid JSON: {ex.Message}", modelJsonPath, ex);
        }

        using (doc)
        {
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("modelTopology", out JsonElement topology) || topology.ValueKind != JsonValueKind.Object
                || !topology.TryGetProperty("node", out JsonElement nodeArray) || nodeArray.ValueKind != JsonValueKind.Array)
            {
                throw new EmbeddingModelException($"The model file '{modelJsonPath}' has no 'modelTopology.node' list; expected a TF.js graph model.", modelJsonPath);
            }

            if (!root.TryGetProperty("weightsManifest", out JsonElement manifest) || manifest.ValueKind != JsonValueKind.Array)
            {
                throw new EmbeddingModelException($"The model file '{modelJsonPath}' has no 'weightsManifest' array.", modelJsonPath);
            }

            var nodes = new Dictionary<string, TfjsNode>(StringComparer.Ordinal);
            foreach (JsonElement n in nodeArray.EnumerateArray())
            {
                string name = GetString(n, "name", modelJsonPath);
                string op = GetString(n, "op", modelJsonPath);
                var inputs = new List<string>();
                if (n.TryGetProperty("input", out JsonElement inArr) && inArr.ValueKind == JsonValueKind.Array)
                {
                    foreach (JsonElement i in inArr.EnumerateArray()) inputs.Add(i.GetString() ?? string.Empty);
                }

                nodes[name] = new TfjsNode(name, op, inputs.ToArray());
            }

            string dir = Path.GetDirectoryName(Path.GetFullPath(modelJsonPath)) ?? ".";
            var specs = new Dictionary<string, TfjsWeightSpec>(StringComparer.Ordinal);
            var floats = new Dictionary<string, float[]>(StringComparer.Ordinal);
            var ints = new Dictionary<string, int[]>(StringComparer.Ordinal);

            foreach (JsonElement group in manifest.EnumerateArray())
            {
                if (!group.TryGetProperty("paths", out JsonElement paths) || paths.ValueKind != JsonValueKind.Array
                    || !group.TryGetProperty("weights", out JsonElement weights) || weights.ValueKind != JsonValueKind.Array)
                {
                    throw new EmbeddingModelException($"The model file '{modelJsonPath}' has a weights manifest group without 'paths' and 'weights'.", modelJsonPath);
                }

                var groupSpecs = new List<TfjsWeightSpec>();
                long offset = 0;
                foreach (JsonElement w in weights.EnumerateArray())
                {
                    string name = GetString(w, "name", modelJsonPath);
                    string dtype = GetString(w, "dtype", modelJsonPath);
                    if (w.TryGetProperty("quantization", out _))
                    {
                        throw new EmbeddingModelException($"The weight '{name}' in '{modelJsonPath}' is quantized; expected plain float32/int32 weights.", modelJsonPath);
                    }

                    if (dtype is not ("float32" or "int32"))
                    {
                        throw new EmbeddingModelException($"The weight '{name}' in '{modelJsonPath}' has dtype '{dtype}'; expected float32 or int32.", modelJsonPath);
                    }

                    if (!w.TryGetProperty("shape", out JsonElement shapeEl) || shapeEl.ValueKind != JsonValueKind.Array)
                    {
                        throw new EmbeddingModelException($"The weight '{name}' in '{modelJsonPath}' has no shape.", modelJsonPath);
                    }

                    var shape = new int[shapeEl.GetArrayLength()];
                    int k = 0;
                    foreach (JsonElement d in shapeEl.EnumerateArray()) shape[k++] = d.GetInt32();
                    var spec = new TfjsWeightSpec(name, dtype, shape, offset);
                    groupSpecs.Add(spec);
                    offset += spec.ElementCount * 4;
                }

                byte[] data = ReadShards(dir, paths, offset, modelJsonPath);
                foreach (TfjsWeightSpec spec in groupSpecs)
                {
                    specs[spec.Name] = spec;
                    ReadOnlySpan<byte> bytes = data.AsSpan((int)spec.ByteOffset, (int)(spec.ElementCount * 4));
                    if (spec.DType == "float32")
                    {
                        floats[spec.Name] = MemoryMarshal.Cast<byte, float>(bytes).ToArray();
                    }
                    else
                    {
                        ints[spec.Name] = MemoryMarshal.Cast<byte, int>(bytes).ToArray();
                    }
                }
            }

            return new TfjsGraphModel(modelJsonPath, nodes, specs, floats, ints);
        }
    }

    /// <summary>Returns the float32 weight <paramref name="name"/>, checking its shape.</summary>
    /// <exception cref="EmbeddingModelException">The weight is missing or has another shape.</exception>
    public float[] GetFloat(string name, params int[] expectedShape)
    {
        CheckShape(name, "float32", expectedShape);
        return _floats[name];
    }

    /// <summary>Returns the int32 weight <paramref name="name"/>, checking its shape.</summary>
    /// <exception cref="EmbeddingModelException">The weight is missing or has another shape.</exception>
    public int[] GetInt(string name, params int[] expectedShape)
    {
        CheckShape(name, "int32", expectedShape);
        return _ints[name];
    }

    /// <summary>Checks that node <paramref name="name"/> exists and runs <paramref name="op"/>.</summary>
    /// <exception cref="EmbeddingModelException">The node is missing or runs another op.</exception>
    public TfjsNode RequireNode(string name, string op)
    {
        if (!_nodes.TryGetValue(name, out TfjsNode? node) || !string.Equals(node.Op, op, StringComparison.Ordinal))
        {
            throw new EmbeddingModelException(
                $"The model file '{ModelPath}' has no node '{name}' with op '{op}'" + (node is null ? "." : $" (found op '{node.Op}')."), ModelPath);
        }

        return node;
    }

    private void CheckShape(string name, string dtype, int[] expectedShape)
    {
        if (!_specs.TryGetValue(name, out TfjsWeightSpec? spec))
        {
            throw new EmbeddingModelException($"The model file '{ModelPath}' has no weight '{name}'.", ModelPath);
        }

        bool same = spec.DType == dtype && spec.Shape.Length == expectedShape.Length;
        for (int i = 0; same && i < expectedShape.Length; i++) same = spec.Shape[i] == expectedShape[i];
        if (!same)
        {
            throw new EmbeddingModelException(
                $"The weight '{name}' in '{ModelPath}' is {spec.DType}[{string.Join(",", spec.Shape)}]; expected {dtype}[{string.Join(",", expectedShape)}].", ModelPath);
        }
    }

    private static byte[] ReadShards(string dir, JsonElement paths, long expectedBytes, string modelJsonPath)
    {
        if (expectedBytes > int.MaxValue)
        {
            throw new EmbeddingModelException($"The weights of '{modelJsonPath}' exceed 2 GB.", modelJsonPath);
        }

        var data = new byte[expectedBytes];
        int filled = 0;
        foreach (JsonElement p in paths.EnumerateArray())
        {
            string shard = Path.Combine(dir, p.GetString() ?? string.Empty);
            if (!File.Exists(shard))
            {
                throw new EmbeddingModelException($"The weight shard '{shard}' listed in '{modelJsonPath}' was not found.", shard);
            }

            using FileStream fs = File.OpenRead(shard);
            long len = fs.Length;
            if (filled + len > expectedBytes)
            {
                throw new EmbeddingModelException(
                    $"The weight shard '{shard}' is longer than the manifest of '{modelJsonPath}' describes ({expectedBytes} bytes in all).", shard);
            }

            int read;
            int start = filled;
            while (filled - start < len && (read = fs.Read(data, filled, (int)(len - (filled - start)))) > 0) filled += read;
            if (filled - start != len)
            {
                throw new EmbeddingModelException($"The weight shard '{shard}' could not be read completely.", shard);
            }
        }

        if (filled != expectedBytes)
        {
            string last = dir;
            foreach (JsonElement p in paths.EnumerateArray()) last = Path.Combine(dir, p.GetString() ?? string.Empty);
            throw new EmbeddingModelException(
                $"The weight shards of '{modelJsonPath}' hold {filled} bytes; the manifest expects {expectedBytes} (is '{last}' truncated?).", last);
        }

        return data;
    }

    private static string GetString(JsonElement e, string property, string file)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(property, out JsonElement v) || v.ValueKind != JsonValueKind.String)
        {
            throw new EmbeddingModelException($"The model file '{file}' has an entry without a string '{property}'.", file);
        }

        return v.GetString()!;
    }
}

/// <summary>A node of a TF.js graph.</summary>
/// <param name="Name">The node name.</param>
/// <param name="Op">The TensorFlow op.</param>
/// <param name="Inputs">The input node names.</param>
internal sealed record TfjsNode(string Name, string Op, string[] Inputs);
