namespace LlmLint.Vectors;

/// <summary>
/// A bounded min-heap over a caller's span that keeps the k most similar hits without allocating. Ties in similarity
/// are broken by the smaller id, so the kept set and its order do not depend on the order of the offers.
/// </summary>
internal ref struct TopK
{
    private readonly Span<VectorHit> _heap;
    private int _count;

    public TopK(Span<VectorHit> storage)
    {
        _heap = storage;
        _count = 0;
    }

    public readonly int Count => _count;

    /// <summary>
    /// Gets the smallest similarity kept once the heap is full, or negative infinity before. An offer below it is
    /// rejected; an offer equal to it is kept only with a smaller id than the weakest hit.
    /// </summary>
    public readonly float Floor => _count < _heap.Length ? float.NegativeInfinity : _heap[0].Similarity;

    public void Offer(long id, float similarity)
    {
        if (_count < _heap.Length)
        {
            int i = _count++;
            _heap[i] = new VectorHit(id, similarity);
            while (i > 0)
            {
                int parent = (i - 1) >> 1;
                if (!Worse(_heap[i], _heap[parent]))
                {
                    break;
                }

                (_heap[parent], _heap[i]) = (_heap[i], _heap[parent]);
                i = parent;
            }
        }
        else if (Worse(_heap[0], new VectorHit(id, similarity)))
        {
            _heap[0] = new VectorHit(id, similarity);
            SiftDown(0, _count);
        }
    }

    /// <summary>Sorts the kept hits most similar first (in place) and returns their count.</summary>
    public int SortDescending()
    {
        // Heap sort on a min-heap leaves the span in descending order.
        for (int end = _count - 1; end > 0; end--)
        {
            (_heap[0], _heap[end]) = (_heap[end], _heap[0]);
            SiftDown(0, end);
        }

        return _count;
    }

    private readonly void SiftDown(int i, int size)
    {
        while (true)
        {
            int left = (2 * i) + 1;
            if (left >= size)
            {
                return;
            }

            int smallest = left;
            int right = left + 1;
            if (right < size && Worse(_heap[right], _heap[left]))
            {
                smallest = right;
            }

            if (!Worse(_heap[smallest], _heap[i]))
            {
                return;
            }

            (_heap[i], _heap[smallest]) = (_heap[smallest], _heap[i]);
            i = smallest;
        }
    }

    /// <summary>The total order of hits: lower similarity is worse; at equal similarity the larger id is worse.</summary>
    private static bool Worse(in VectorHit a, in VectorHit b) => a.Similarity < b.Similarity || (a.Similarity == b.Similarity && a.Id > b.Id);
}
