using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace LlmLint.Vectors;
/// <summary>Walking the graph: greedy descent, the beam search of a layer on int8 codes with prefetching, and the codes of a query.</summary>
public sealed partial class HnswVectorIndex
{
    private int Greedy(in CodeQuery q, int current, ref float currentSimilarity, int level)
    {
        bool changed = true;
        while (changed)
        {
            changed = false;
            ReadOnlySpan<int> links = Links(current, level);
            int count = Math.Min(Volatile.Read(ref MemoryMarshal.GetReference(links)), links.Length - 1);
            for (int i = 1; i <= count; i++)
            {
                int candidate = links[i];
                float similarity = Similarity(candidate, q);
                if (similarity > currentSimilarity)
                {
                    currentSimilarity = similarity;
                    current = candidate;
                    changed = true;
                }
            }
        }

        return current;
    }

    /// <summary>Beam search on one layer; leaves up to <paramref name="ef"/> nodes in <see cref="Scratch.Found"/>.</summary>
    private void SearchLayer(in CodeQuery q, int entry, float entrySimilarity, int ef, int level, Scratch scratch, VectorFilter? filter, bool returnOnlyAccepted)
    {
        byte stamp = scratch.NextStamp(_count);
        byte[] visited = scratch.Visited;
        PriorityQueue<int, float> candidates = scratch.Candidates; // best first (priority = -similarity)
        PriorityQueue<int, float> results = scratch.Results;       // worst first (priority = similarity)
        candidates.Clear();
        results.Clear();

        visited[entry] = stamp;
        candidates.Enqueue(entry, -entrySimilarity);
        if (!returnOnlyAccepted || Accept(entry, filter))
        {
            results.Enqueue(entry, entrySimilarity);
        }

        while (candidates.TryDequeue(out int node, out float negative))
        {
            float similarity = -negative;
            if (results.Count >= ef && results.TryPeek(out _, out float worst) && similarity < worst)
            {
                break;
            }

            ReadOnlySpan<int> links = Links(node, level);
            int count = Math.Min(Volatile.Read(ref MemoryMarshal.GetReference(links)), links.Length - 1);
            PrefetchCodes(links.Slice(1, count), visited, stamp, q);
            for (int i = 1; i <= count; i++)
            {
                int neighbour = links[i];
                if (visited[neighbour] == stamp)
                {
                    continue;
                }

                visited[neighbour] = stamp;
                float s = Similarity(neighbour, q);
                bool full = results.Count >= ef;
                if (!full || (results.TryPeek(out _, out float floor) && s > floor))
                {
                    candidates.Enqueue(neighbour, -s);
                    if (!returnOnlyAccepted || Accept(neighbour, filter))
                    {
                        results.Enqueue(neighbour, s);
                        if (results.Count > ef)
                        {
                            results.Dequeue();
                        }
                    }
                }
            }
        }

        List<(int Node, float Similarity)> found = scratch.Found;
        found.Clear();
        while (results.TryDequeue(out int node, out float s))
        {
            found.Add((node, s));
        }
    }

    /// <summary>Asks the CPU to start loading the codes of the unvisited neighbours before they are scored.</summary>
    private unsafe void PrefetchCodes(ReadOnlySpan<int> neighbours, byte[] visited, byte stamp, in CodeQuery q)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        int length = q.Length;
        ref sbyte codes = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(q.Codes), (nint)q.Offset);
        for (int i = 0; i < neighbours.Length; i++)
        {
            int neighbour = neighbours[i];
            if (visited[neighbour] == stamp)
            {
                continue;
            }

            // A prefetch never faults, so a stale address (after the array moved) only costs a wasted load.
            byte* row = (byte*)Unsafe.AsPointer(ref Unsafe.Add(ref codes, (nint)neighbour * length));
            for (int offset = 0; offset < length; offset += 64)
            {
                Sse.Prefetch0(row + offset);
            }
        }
    }

    private bool Accept(int node, VectorFilter? filter) => !_deleted[node] && (filter is null || filter(_ids[node]));

    private Span<int> Links(int node, int level)
    {
        if (level == 0)
        {
            return _links0.AsSpan(node * (_m0 + 1), _m0 + 1);
        }

        return _linksUpper[node].AsSpan((level - 1) * (_m + 1), _m + 1);
    }

    private ReadOnlySpan<float> Vector(int node) => _vectors.AsSpan(node * Dimensions, Dimensions);

    /// <summary>The int8 similarity of a node to a prepared query: scale · scale · (codes · codes), on the query's code table.</summary>
    private static float Similarity(int node, in CodeQuery q)
    {
        int length = q.Length;
        int dot = Int8Quantizer.Dot(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(q.Codes), (nint)q.Offset + ((nint)node * length)), ref MemoryMarshal.GetArrayDataReference(q.Wide), length);
        float[]? scales = q.Scales;
        return scales is null ? q.Scale * dot : scales[node] * q.Scale * dot;
    }

    private CodeQuery NodeCodes(int node, short[] wide)
    {
        int dims = Dimensions;
        Int8Quantizer.Widen(_codes.AsSpan(node * dims, dims), wide.AsSpan(0, dims));
        return new CodeQuery(wide, _scales[node], _codes, _scales, dims, 0);
    }

    private CodeQuery QueryCodes(ReadOnlySpan<float> unit, Scratch scratch)
    {
        Span<sbyte> codes = scratch.QueryCodes.AsSpan(0, unit.Length);
        float scale = Int8Quantizer.Quantize(unit, codes);
        Int8Quantizer.Widen(codes, scratch.QueryWide.AsSpan(0, unit.Length));
        return new CodeQuery(scratch.QueryWide, scale, _codes, _scales, unit.Length, 0);
    }
}
