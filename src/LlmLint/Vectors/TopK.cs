using System;

namespace LlmLint.Vectors;

/// <summary>A bounded min-heap over a caller's span that keeps the k most similar hits without allocating.</summary>
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

    /// <summary>Gets the smallest similarity kept once the heap is full, or negative infinity before.</summary>
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
                if (_heap[parent].Similarity <= _heap[i].Similarity)
                {
                    break;
                }

                (_heap[parent], _heap[i]) = (_heap[i], _heap[parent]);
                i = parent;
            }
        }
        else if (similarity > _heap[0].Similarity)
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
            if (right < size && _heap[right].Similarity < _heap[left].Similarity)
            {
                smallest = right;
            }

            if (_heap[i].Similarity <= _heap[smallest].Similarity)
            {
                return;
            }

            (_heap[i], _heap[smallest]) = (_heap[smallest], _heap[i]);
            i = smallest;
        }
    }
}
