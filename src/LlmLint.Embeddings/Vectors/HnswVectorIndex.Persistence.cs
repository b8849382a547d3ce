using System.Buffers.Binary;
using System.IO;
using System.Runtime.InteropServices;

namespace LlmLint.Vectors;

/// <content>Saving a built graph to a file and loading it back.</content>
public sealed partial class HnswVectorIndex
{
    /// <summary>
    /// The version of the file layout written by <see cref="Save(Stream)"/>. Version 2 added the projected walk (its
    /// dimensions, training size, mean, basis and the projected codes with a scale per node); version 3 stores a
    /// quantisation step per projected direction instead of a scale per node. Files of versions 1 and 2 still load:
    /// version 1 without a projection, version 2 with its projection, whose codes are recomputed at load.
    /// </summary>
    public const int FileFormatVersion = 3;

    private const ulong FileMagic = 0x31574E53484D4C4C; // "LLMHSNW1" read as little-endian bytes
    private const int ChunkElements = 1 << 18;

    /// <summary>Writes the graph (vectors, ids, levels, tombstones, links, parameters, and the projection of the walk if any) to <paramref name="path"/>.</summary>
    /// <param name="path">The file to create or overwrite.</param>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        Save(stream);
    }

    /// <summary>
    /// Writes the graph to <paramref name="stream"/>: a header (magic, <see cref="FileFormatVersion"/>, dimensions,
    /// parameters, counts, projected-walk settings), the arrays, and a 64-bit checksum of everything after the header.
    /// The projected codes are written, not recomputed at load.
    /// </summary>
    /// <param name="stream">A writable stream.</param>
    public void Save(Stream stream) => Save(stream, FileFormatVersion);

    /// <summary>
    /// Writes the graph in format <paramref name="version"/>: 1 only for an index without a projected walk; 2 (for
    /// compatibility tests) writes a scale of 1 per node where version 2 had its per-node scales, which a load recomputes.
    /// </summary>
    internal void Save(Stream stream, int version)
    {
        ArgumentNullException.ThrowIfNull(stream);
        CheckLittleEndian();
        _lock.EnterReadLock();
        try
        {
            if (version is not (1 or 2 or FileFormatVersion) || (version == 1 && _walkDims != 0))
            {
                throw new ArgumentOutOfRangeException(nameof(version), version, $"Write format 1 (an index without a projected walk), 2 (compatibility tests) or {FileFormatVersion}.");
            }

            Span<byte> header = stackalloc byte[HeaderBytesV2];
            header = header.Slice(0, version == 1 ? HeaderBytes : HeaderBytesV2);
            WriteHeader(header, version);
            stream.Write(header);
            var sum = default(Checksum);
            int count = _count;
            WriteArray<long>(stream, _ids.AsSpan(0, count), ref sum);
            WriteArray<int>(stream, _levels.AsSpan(0, count), ref sum);
            WriteArray<bool>(stream, _deleted.AsSpan(0, count), ref sum);
            WriteArray<float>(stream, _vectors.AsSpan(0, count * Dimensions), ref sum);
            WriteArray<int>(stream, _links0.AsSpan(0, count * (_m0 + 1)), ref sum);
            for (int node = 0; node < count; node++)
            {
                if (_levels[node] > 0)
                {
                    WriteArray<int>(stream, _linksUpper[node], ref sum);
                }
            }

            if (_walkBasis is not null)
            {
                WriteArray<float>(stream, _walkMean, ref sum);
                WriteArray<float>(stream, _walkBasis, ref sum);
                float[] steps = version == 2 ? CreateOnes(count) : _walkSteps!;
                WriteArray<float>(stream, steps, ref sum);
                WriteArray<sbyte>(stream, _walkCodes.AsSpan(_walkBase, count * _walkDims), ref sum);
            }

            Span<byte> trailer = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(trailer, sum.Value);
            stream.Write(trailer);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Loads a graph written by <see cref="Save(string)"/>.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The index, ready to search and to take more inserts.</returns>
    /// <exception cref="InvalidDataException">The file is not an index file, has another format version, is truncated or corrupt; the message names the file.</exception>
    public static HnswVectorIndex Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return Load(stream, path);
    }

    /// <summary>Loads a graph written by <see cref="Save(Stream)"/>.</summary>
    /// <param name="stream">A readable stream positioned at the start of the graph.</param>
    /// <param name="source">A name for the stream used in error messages (for example its file name).</param>
    /// <returns>The index.</returns>
    /// <exception cref="InvalidDataException">The stream is not an index, has another format version, is truncated or corrupt.</exception>
    public static HnswVectorIndex Load(Stream stream, string source = "stream")
    {
        ArgumentNullException.ThrowIfNull(stream);
        CheckLittleEndian();
        try
        {
            return LoadCore(stream, source);
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException($"The HNSW index '{source}' is truncated.", ex);
        }
    }

    private const int HeaderBytes = 8 + (11 * 4);
    private const int HeaderBytesV2 = HeaderBytes + (3 * 4);

    private void WriteHeader(Span<byte> header, int version)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(header, FileMagic);
        Span<int> fields = MemoryMarshal.Cast<byte, int>(header.Slice(8));
        fields[0] = version;
        fields[1] = Dimensions;
        fields[2] = _m;
        fields[3] = _efConstruction;
        fields[4] = _efSearch;
        fields[5] = _seed;
        fields[6] = _count;
        fields[7] = _live;
        fields[8] = _entry;
        fields[9] = _topLevel;
        fields[10] = MaxLevel;
        if (version >= 2)
        {
            fields[11] = _walkDims;
            fields[12] = _walkTrainingSize;
            fields[13] = _walkBasis is null ? 0 : 1;
        }
    }

    private static HnswVectorIndex LoadCore(Stream stream, string source)
    {
        Span<byte> header = stackalloc byte[HeaderBytesV2];
        header.Slice(HeaderBytes).Clear();
        stream.ReadExactly(header.Slice(0, HeaderBytes));
        if (BinaryPrimitives.ReadUInt64LittleEndian(header) != FileMagic)
        {
            throw new InvalidDataException($"'{source}' is not an HNSW index file (wrong magic number).");
        }

        ReadOnlySpan<int> f = MemoryMarshal.Cast<byte, int>(header.Slice(8));
        if (f[0] is not (1 or 2 or FileFormatVersion))
        {
            throw new InvalidDataException($"The HNSW index '{source}' has format version {f[0]}; this library reads versions 1 to {FileFormatVersion}.");
        }

        if (f[0] >= 2)
        {
            stream.ReadExactly(header.Slice(HeaderBytes));
        }

        // Version 1 has no projected walk: its three fields read as zero, and the training size as the default.
        int walkDims = f[11], walkTraining = f[0] >= 2 ? f[12] : HnswOptions.DefaultWalkTrainingSize, walkFitted = f[13];

        int dims = f[1], m = f[2], efc = f[3], efs = f[4], seed = f[5], count = f[6], live = f[7], entry = f[8], top = f[9];
        if (dims <= 0 || m < 2 || m > 4096 || efc < 1 || efs < 1 || count < 0 || live < 0 || live > count
            || entry < -1 || entry >= count || top < -1 || top > MaxLevel || f[10] != MaxLevel || (count > 0) != (entry >= 0)
            || (long)count * dims > int.MaxValue || (long)count * ((2 * m) + 1) > int.MaxValue)
        {
            throw new InvalidDataException($"The HNSW index '{source}' has an invalid header (dimensions {dims}, M {m}, nodes {count}, live {live}, entry {entry}, top level {top}).");
        }

        if ((walkDims != 0 && (walkDims < 8 || walkDims >= dims)) || walkTraining < Math.Max(1, 4 * walkDims) || walkFitted is not (0 or 1)
            || (walkFitted == 1 && walkDims == 0) || (long)count * walkDims > int.MaxValue - 64)
        {
            throw new InvalidDataException($"The HNSW index '{source}' has an invalid header (walk dimensions {walkDims}, walk training size {walkTraining}, fitted flag {walkFitted}, dimensions {dims}).");
        }

        var options = new HnswOptions { M = m, EfConstruction = efc, EfSearch = efs, Seed = seed, WalkDimensions = walkDims, WalkTrainingSize = walkTraining };
        var index = new HnswVectorIndex(dims, options, Math.Max(1, count));
        var sum = default(Checksum);
        ReadArray<long>(stream, index._ids.AsSpan(0, count), ref sum);
        ReadArray<int>(stream, index._levels.AsSpan(0, count), ref sum);
        ReadArray<bool>(stream, index._deleted.AsSpan(0, count), ref sum);
        ReadArray<float>(stream, index._vectors.AsSpan(0, count * dims), ref sum);
        ReadArray<int>(stream, index._links0.AsSpan(0, count * ((2 * m) + 1)), ref sum);
        for (int node = 0; node < count; node++)
        {
            int level = index._levels[node];
            if (level < 0 || level > MaxLevel)
            {
                throw new InvalidDataException($"The HNSW index '{source}' is corrupt: node {node} has level {level}.");
            }

            if (level > 0)
            {
                index._linksUpper[node] = new int[level * (m + 1)];
                ReadArray<int>(stream, index._linksUpper[node], ref sum);
            }
        }

        float[]? walkMean = null, walkBasis = null, walkSteps = null;
        if (walkFitted == 1)
        {
            walkMean = new float[dims];
            walkBasis = new float[walkDims * dims];
            ReadArray<float>(stream, walkMean, ref sum);
            ReadArray<float>(stream, walkBasis, ref sum);
            index.SetWalk(walkMean, walkBasis);
            index.AllocateWalkCodes(Math.Max(1, count), 0);

            // Version 2 has a scale per node: it is read for the checksum and dropped, and the codes are recomputed below.
            walkSteps = new float[f[0] == 2 ? count : walkDims];
            ReadArray<float>(stream, walkSteps, ref sum);
            ReadArray<sbyte>(stream, index._walkCodes.AsSpan(index._walkBase, count * walkDims), ref sum);
        }

        Span<byte> trailer = stackalloc byte[8];
        stream.ReadExactly(trailer);
        if (BinaryPrimitives.ReadUInt64LittleEndian(trailer) != sum.Value)
        {
            throw new InvalidDataException($"The HNSW index '{source}' is corrupt: its checksum does not match its contents.");
        }

        for (int node = 0; node < count; node++)
        {
            index._scales[node] = Int8Quantizer.Quantize(index._vectors.AsSpan(node * dims, dims), index._codes.AsSpan(node * dims, dims));
        }

        index._count = count;
        index._entry = entry;
        index._topLevel = top;
        index._random = new Random(seed ^ count);
        index.CheckLoaded(source, live);
        if (walkFitted == 1 && (!AllFinite(walkMean) || !AllFinite(walkBasis) || !AllFinite(walkSteps) || (f[0] >= 3 && !AllPositive(walkSteps!))))
        {
            throw new InvalidDataException($"The HNSW index '{source}' is corrupt: the projection of its walk has non-finite or non-positive values.");
        }

        if (walkFitted == 1 && f[0] == 2)
        {
            index.FitSteps(index.WalkSample());
            index.ProjectAll();
        }
        else if (walkFitted == 1)
        {
            index._walkSteps = walkSteps;
        }

        return index;
    }

    /// <summary>Structural checks after the checksum: link counts and targets in range, ids of live nodes unique.</summary>
    private void CheckLoaded(string source, int live)
    {
        int dims = Dimensions;
        for (int node = 0; node < _count; node++)
        {
            for (int level = 0; level <= _levels[node]; level++)
            {
                ReadOnlySpan<int> links = Links(node, level);
                int n = links[0];
                if (n < 0 || n > links.Length - 1)
                {
                    throw new InvalidDataException($"The HNSW index '{source}' is corrupt: node {node} has {n} links on level {level}.");
                }

                for (int i = 1; i <= n; i++)
                {
                    if (links[i] < 0 || links[i] >= _count || _levels[links[i]] < level)
                    {
                        throw new InvalidDataException($"The HNSW index '{source}' is corrupt: node {node} links to node {links[i]} on level {level}.");
                    }
                }
            }

            if (!_deleted[node])
            {
                if (!_nodeOf.TryAdd(_ids[node], node))
                {
                    throw new InvalidDataException($"The HNSW index '{source}' is corrupt: id {_ids[node]} is stored twice.");
                }

                if (!float.IsFinite(_vectors[node * dims]))
                {
                    throw new InvalidDataException($"The HNSW index '{source}' is corrupt: node {node} has a non-finite vector.");
                }
            }
        }

        if (_nodeOf.Count != live || (_entry >= 0 && _levels[_entry] != _topLevel))
        {
            throw new InvalidDataException($"The HNSW index '{source}' is corrupt: {_nodeOf.Count} live nodes where the header says {live}, or the entry node is not on the top level.");
        }

        _live = live;
    }

    private static float[] CreateOnes(int count)
    {
        var ones = new float[count];
        Array.Fill(ones, 1f);
        return ones;
    }

    private static bool AllPositive(ReadOnlySpan<float> values)
    {
        foreach (float value in values)
        {
            if (!(value > 0))
            {
                return false;
            }
        }

        return true;
    }

    private static bool AllFinite(ReadOnlySpan<float> values)
    {
        foreach (float value in values)
        {
            if (!float.IsFinite(value))
            {
                return false;
            }
        }

        return true;
    }

    private static void WriteArray<T>(Stream stream, ReadOnlySpan<T> values, ref Checksum sum)
        where T : unmanaged
    {
        for (int offset = 0; offset < values.Length; offset += ChunkElements)
        {
            ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(values.Slice(offset, Math.Min(ChunkElements, values.Length - offset)));
            sum.Append(bytes);
            stream.Write(bytes);
        }
    }

    private static void ReadArray<T>(Stream stream, Span<T> values, ref Checksum sum)
        where T : unmanaged
    {
        for (int offset = 0; offset < values.Length; offset += ChunkElements)
        {
            Span<byte> bytes = MemoryMarshal.AsBytes(values.Slice(offset, Math.Min(ChunkElements, values.Length - offset)));
            stream.ReadExactly(bytes);
            sum.Append(bytes);
        }
    }

    private static void CheckLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("HNSW index files are little-endian; this platform is big-endian.");
        }
    }

    /// <summary>A 64-bit multiply–xor hash over the payload (detects corruption, not tampering).</summary>
    private struct Checksum
    {
        private const ulong Prime = 0x100000001B3UL;
        private ulong _value;
        private bool _started;

        public ulong Value => _started ? _value : 0xCBF29CE484222325UL;

        public void Append(ReadOnlySpan<byte> bytes)
        {
            if (!_started)
            {
                _value = 0xCBF29CE484222325UL;
                _started = true;
            }

            ulong h = _value;
            ReadOnlySpan<ulong> words = MemoryMarshal.Cast<byte, ulong>(bytes);
            foreach (ulong w in words)
            {
                h = (h ^ w) * Prime;
                h ^= h >> 29;
            }

            for (int i = words.Length * 8; i < bytes.Length; i++)
            {
                h = (h ^ bytes[i]) * Prime;
            }

            _value = h;
        }
    }
}
