namespace LlmLint.Vectors;
/// <summary>Building the graph: storing a vector, choosing its level and neighbours (diversity heuristic), linking both ways under per-node locks.</summary>
public sealed partial class HnswVectorIndex
{
    private void Insert(long id, ReadOnlySpan<float> vector)
    {
        EnsureCapacity(_count + 1);
        int node = Store(id, vector, nameof(vector));
        FitWalkIfDue();
        Link(node, t_scratch ??= new Scratch());
    }

    /// <summary>Writes the node's vector, id and level (drawn from the seeded generator); it has no links yet.</summary>
    private int Store(long id, ReadOnlySpan<float> vector, string paramName)
    {
        if (_nodeOf.Remove(id, out int old))
        {
            _deleted[old] = true;
            _live--;
        }

        int node = _count++;
        int dims = Dimensions;
        VectorValidation.NormalizeInto(vector, _vectors.AsSpan(node * dims, dims), paramName);
        _scales[node] = Int8Quantizer.Quantize(_vectors.AsSpan(node * dims, dims), _codes.AsSpan(node * dims, dims));
        if (_walkBasis is not null)
        {
            ProjectNode(node);
        }

        int level = Math.Min(MaxLevel, (int)(-Math.Log(1.0 - _random.NextDouble()) * _levelMultiplier));
        _ids[node] = id;
        _levels[node] = level;
        _deleted[node] = false;
        _links0[node * (_m0 + 1)] = 0;
        _linksUpper[node] = level > 0 ? new int[level * (_m + 1)] : null;
        _nodeLocks[node] = 0;
        _nodeOf[id] = node;
        _live++;
        return node;
    }

    /// <summary>Links a stored node into the graph. Safe to run for several nodes at once (see <see cref="AddRange"/>).</summary>
    private void Link(int node, Scratch scratch)
    {
        int level = _levels[node];
        int entry;
        int topLevel;
        lock (_entryLock)
        {
            if (_entry < 0)
            {
                _entry = node;
                _topLevel = level;
                return;
            }

            entry = _entry;
            topLevel = _topLevel;
        }

        scratch.Prepare(Dimensions);
        CodeQuery q = NodeCodes(node, scratch.QueryWide);
        int current = entry;
        float currentSimilarity = Similarity(current, q);
        for (int l = topLevel; l > level; l--)
        {
            current = Greedy(q, current, ref currentSimilarity, l);
        }

        // Choose this node's links on every layer first, write them all, and only then add the links that make it
        // reachable: a concurrent insert that reached a half-linked node would find no way on from it on the layers
        // below and link itself to that node alone.
        int linkedTop = Math.Min(level, topLevel);
        for (int l = linkedTop; l >= 0; l--)
        {
            List<int> selected = scratch.SelectedOn(l);
            selected.Clear();
            SearchLayer(q, current, currentSimilarity, _efConstruction, l, scratch, filter: null, returnOnlyAccepted: false);
            List<(int Node, float Similarity)> found = scratch.Found;
            found.RemoveAll(scratch.IsSelf(node));
            if (found.Count == 0)
            {
                continue;
            }

            found.Sort(static (a, b) => b.Similarity.CompareTo(a.Similarity));
            current = found[0].Node;
            currentSimilarity = found[0].Similarity;
            SelectNeighbours(found, _m, selected, scratch);
        }

        for (int l = linkedTop; l >= 0; l--)
        {
            SetOwnLinks(node, l, scratch.SelectedOn(l), scratch);
        }

        for (int l = linkedTop; l >= 0; l--)
        {
            List<int> selected = scratch.SelectedOn(l);
            for (int i = 0; i < selected.Count; i++)
            {
                Connect(selected[i], node, l, scratch);
            }
        }

        if (level > topLevel)
        {
            lock (_entryLock)
            {
                if (level > _topLevel)
                {
                    _topLevel = level;
                    _entry = node;
                }
            }
        }
    }

    /// <summary>Writes a new node's links; links other workers added meanwhile are merged in with the heuristic.</summary>
    private void SetOwnLinks(int node, int level, List<int> selected, Scratch scratch)
    {
        LockNode(node);
        try
        {
            Span<int> links = Links(node, level);
            if (links[0] == 0)
            {
                links[0] = selected.Count;
                for (int i = 0; i < selected.Count; i++)
                {
                    links[i + 1] = selected[i];
                }

                return;
            }
        }
        finally
        {
            UnlockNode(node);
        }

        for (int i = 0; i < selected.Count; i++)
        {
            Connect(node, selected[i], level, scratch);
        }
    }

    /// <summary>
    /// Gives every new node that no other node links to on layer 0 (its links were all pruned by neighbours, which
    /// concurrent inserts make more likely) one incoming link: from its nearest neighbour, replacing that neighbour's
    /// least similar link when its list is full.
    /// </summary>
    private void LinkOrphans(int first, int end, Scratch scratch)
    {
        var linked = new bool[_count];
        int stride = _m0 + 1;
        for (int node = 0; node < _count; node++)
        {
            int offset = node * stride;
            int count = _links0[offset];
            for (int i = 1; i <= count; i++)
            {
                linked[_links0[offset + i]] = true;
            }
        }

        for (int node = first; node < end; node++)
        {
            ReadOnlySpan<int> own = Links(node, 0);
            if (linked[node] || node == _entry || own[0] == 0)
            {
                continue;
            }

            int nearest = own[1];
            Span<int> links = Links(nearest, 0);
            int count = links[0];
            if (count < links.Length - 1)
            {
                links[count + 1] = node;
                links[0] = count + 1;
                continue;
            }

            CodeQuery from = NodeCodes(nearest, scratch.FromWide);
            int weakest = 1;
            float weakestSimilarity = float.PositiveInfinity;
            for (int i = 1; i <= count; i++)
            {
                float similarity = Similarity(links[i], from);
                if (similarity < weakestSimilarity)
                {
                    weakestSimilarity = similarity;
                    weakest = i;
                }
            }

            links[weakest] = node;
        }
    }

    private void LockNode(int node)
    {
        if (Interlocked.CompareExchange(ref _nodeLocks[node], 1, 0) == 0)
        {
            return;
        }

        var spin = default(SpinWait);
        while (Interlocked.CompareExchange(ref _nodeLocks[node], 1, 0) != 0)
        {
            spin.SpinOnce();
        }
    }

    private void UnlockNode(int node) => Volatile.Write(ref _nodeLocks[node], 0);

    private void Connect(int from, int to, int level, Scratch scratch)
    {
        LockNode(from);
        try
        {
            ConnectLocked(from, to, level, scratch);
        }
        finally
        {
            UnlockNode(from);
        }
    }

    private void ConnectLocked(int from, int to, int level, Scratch scratch)
    {
        Span<int> links = Links(from, level);
        int capacity = links.Length - 1;
        int count = links[0];
        for (int i = 1; i <= count; i++)
        {
            if (links[i] == to)
            {
                return;
            }
        }

        if (count < capacity)
        {
            links[count + 1] = to;
            links[0] = count + 1;
            return;
        }

        // Full: re-select among the existing links plus the new one with the diversity heuristic.
        List<(int Node, float Similarity)> pool = scratch.Pool;
        pool.Clear();
        CodeQuery fromVector = NodeCodes(from, scratch.FromWide);
        pool.Add((to, Similarity(to, fromVector)));
        for (int i = 1; i <= count; i++)
        {
            pool.Add((links[i], Similarity(links[i], fromVector)));
        }

        pool.Sort(static (a, b) => b.Similarity.CompareTo(a.Similarity));
        List<int> selected = scratch.PoolSelected;
        SelectNeighbours(pool, capacity, selected, scratch);
        links[0] = selected.Count;
        for (int i = 0; i < selected.Count; i++)
        {
            links[i + 1] = selected[i];
        }
    }

    /// <summary>The HNSW heuristic: keep a candidate only if it is closer to the base than to every neighbour already kept.</summary>
    private void SelectNeighbours(List<(int Node, float Similarity)> sortedCandidates, int max, List<int> selected, Scratch scratch)
    {
        selected.Clear();
        for (int i = 0; i < sortedCandidates.Count && selected.Count < max; i++)
        {
            (int candidate, float toBase) = sortedCandidates[i];
            CodeQuery candidateVector = NodeCodes(candidate, scratch.CandidateWide);
            bool keep = true;
            for (int j = 0; j < selected.Count; j++)
            {
                if (Similarity(selected[j], candidateVector) > toBase)
                {
                    keep = false;
                    break;
                }
            }

            if (keep)
            {
                selected.Add(candidate);
            }
        }
    }
}
