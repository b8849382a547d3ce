using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;

namespace LlmLint.LearnedRouting;

/// <summary>
/// An on-disk cache of text embeddings for the evaluation tools, so repeated runs over the same data skip the model.
/// One file per model identity (<c>&lt;sha256(identity)&gt;.emb</c> in <see cref="Directory"/>) maps the SHA-256 of each
/// text (UTF-8) to its vector. The file carries the identity, the width and a SHA-256 of its payload; a file that is
/// missing, truncated, corrupt or written for another identity or width is ignored (and counted) and rebuilt.
/// </summary>
/// <remarks>
/// A cache failure never fails the embedding: unreadable files count as misses and failed writes are counted in
/// <see cref="Failures"/>. Writes go to a temporary file that is then moved into place, so a reader never sees half a
/// file. Texts are not stored, only their hashes. Not meant for concurrent writers: the last writer wins.
/// </remarks>
public sealed class EmbeddingDiskCache
{
    private static readonly byte[] s_magic = "LLMEMB01"u8.ToArray();
    private int _hits;
    private int _misses;
    private int _failures;

    /// <summary>Creates a cache in <paramref name="directory"/> for the model named by <paramref name="modelIdentity"/>.</summary>
    /// <param name="directory">The folder of the cache files (created on first write).</param>
    /// <param name="modelIdentity">Everything that determines the vectors: model, weights, truncation. Different identities never share entries.</param>
    public EmbeddingDiskCache(string directory, string modelIdentity)
    {
        if (string.IsNullOrWhiteSpace(directory))
        {
            throw new ArgumentException("The cache directory must not be empty.", nameof(directory));
        }

        if (string.IsNullOrEmpty(modelIdentity))
        {
            throw new ArgumentException("The model identity must not be empty.", nameof(modelIdentity));
        }

        Directory = directory;
        ModelIdentity = modelIdentity;
        FilePath = Path.Combine(directory, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(modelIdentity))).Substring(0, 32).ToLowerInvariant() + ".emb");
    }

    /// <summary>Gets the cache folder.</summary>
    public string Directory { get; }

    /// <summary>Gets the model identity.</summary>
    public string ModelIdentity { get; }

    /// <summary>Gets the cache file of this identity.</summary>
    public string FilePath { get; }

    /// <summary>Gets the texts served from the cache.</summary>
    public int Hits => Volatile.Read(ref _hits);

    /// <summary>Gets the texts that had to be embedded.</summary>
    public int Misses => Volatile.Read(ref _misses);

    /// <summary>Gets the cache files that could not be read (corrupt or foreign) or written.</summary>
    public int Failures => Volatile.Read(ref _failures);

    /// <summary>Wraps <paramref name="inner"/>: cached texts are served from the file, the rest are embedded and added to it.</summary>
    public BatchEmbedder Wrap(BatchEmbedder inner)
    {
        if (inner is null)
        {
            throw new ArgumentNullException(nameof(inner));
        }

        return async (texts, ct) =>
        {
            if (texts is null)
            {
                throw new ArgumentNullException(nameof(texts));
            }

            var entries = Load();
            var rows = new float[texts.Count][];
            var keys = new (ulong, ulong)[texts.Count];
            var missing = new List<string>();
            var missingAt = new List<int>();
            for (int i = 0; i < texts.Count; i++)
            {
                keys[i] = Key(texts[i] ?? throw new ArgumentNullException(nameof(texts), $"texts[{i}] is null."));
                if (entries.TryGetValue(keys[i], out float[]? v))
                {
                    rows[i] = (float[])v.Clone();
                }
                else
                {
                    missing.Add(texts[i]);
                    missingAt.Add(i);
                }
            }

            Interlocked.Add(ref _hits, texts.Count - missing.Count);
            Interlocked.Add(ref _misses, missing.Count);
            if (missing.Count == 0)
            {
                return rows;
            }

            float[][] computed = await inner(missing, ct);
            if (computed.Length != missing.Count)
            {
                throw new InvalidOperationException($"The embedder returned {computed.Length} vectors for {missing.Count} texts.");
            }

            int width = -1;
            for (int j = 0; j < computed.Length; j++)
            {
                rows[missingAt[j]] = computed[j];
                width = width < 0 ? computed[j].Length : width;
                if (computed[j].Length == width)
                {
                    entries[keys[missingAt[j]]] = (float[])computed[j].Clone();
                }
            }

            Save(entries);
            return rows;
        };
    }

    private static (ulong, ulong) Key(string text)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return (BitConverter.ToUInt64(hash), BitConverter.ToUInt64(hash.Slice(8)));
    }

    private Dictionary<(ulong, ulong), float[]> Load()
    {
        var entries = new Dictionary<(ulong, ulong), float[]>();
        byte[] bytes;
        try
        {
            if (!File.Exists(FilePath))
            {
                return entries;
            }

            bytes = File.ReadAllBytes(FilePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Interlocked.Increment(ref _failures);
            return entries;
        }

        if (!TryParse(bytes, entries))
        {
            Interlocked.Increment(ref _failures);
            entries.Clear();
        }

        return entries;
    }

    // Layout: magic(8) | identity length(4) | identity UTF-8 | width(4) | count(4) | sha256(payload)(32) | payload,
    // payload = count × (key(16) | width floats), little-endian.
    private bool TryParse(byte[] bytes, Dictionary<(ulong, ulong), float[]> entries)
    {
        try
        {
            var span = bytes.AsSpan();
            if (span.Length < 8 + 4 || !span.Slice(0, 8).SequenceEqual(s_magic))
            {
                return false;
            }

            int idLength = BitConverter.ToInt32(span.Slice(8));
            if (idLength < 0 || idLength > span.Length - 12)
            {
                return false;
            }

            if (Encoding.UTF8.GetString(span.Slice(12, idLength)) != ModelIdentity)
            {
                return false;
            }

            int at = 12 + idLength;
            if (span.Length < at + 8 + 32)
            {
                return false;
            }

            int width = BitConverter.ToInt32(span.Slice(at));
            int count = BitConverter.ToInt32(span.Slice(at + 4));
            var expectedHash = span.Slice(at + 8, 32);
            var payload = span.Slice(at + 40);
            int record = 16 + (4 * width);
            if (width <= 0 || count < 0 || (long)count * record != payload.Length)
            {
                return false;
            }

            if (!SHA256.HashData(payload).AsSpan().SequenceEqual(expectedHash))
            {
                return false;
            }

            for (int i = 0; i < count; i++)
            {
                var r = payload.Slice(i * record, record);
                var v = new float[width];
                System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(r.Slice(16)).CopyTo(v);
                entries[(BitConverter.ToUInt64(r), BitConverter.ToUInt64(r.Slice(8)))] = v;
            }

            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private void Save(Dictionary<(ulong, ulong), float[]> entries)
    {
        int width = -1;
        foreach (var v in entries.Values)
        {
            width = v.Length;
            break;
        }

        if (width <= 0 || !BitConverter.IsLittleEndian)
        {
            return;
        }

        var keys = new List<(ulong, ulong)>(entries.Count);
        foreach (var pair in entries)
        {
            if (pair.Value.Length == width)
            {
                keys.Add(pair.Key);
            }
        }

        keys.Sort();
        int record = 16 + (4 * width);
        var payload = new byte[(long)keys.Count * record];
        for (int i = 0; i < keys.Count; i++)
        {
            var r = payload.AsSpan(i * record, record);
            BitConverter.TryWriteBytes(r, keys[i].Item1);
            BitConverter.TryWriteBytes(r.Slice(8), keys[i].Item2);
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(entries[keys[i]].AsSpan()).CopyTo(r.Slice(16));
        }

        byte[] id = Encoding.UTF8.GetBytes(ModelIdentity);
        string temp = FilePath + "." + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".tmp";
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            using (var writer = new BinaryWriter(stream))
            {
                writer.Write(s_magic);
                writer.Write(id.Length);
                writer.Write(id);
                writer.Write(width);
                writer.Write(keys.Count);
                writer.Write(SHA256.HashData(payload));
                writer.Write(payload);
            }

            File.Move(temp, FilePath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Interlocked.Increment(ref _failures);
            try
            {
                File.Delete(temp);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                // Nothing more to do: the cache is best effort.
            }
        }
    }
}
