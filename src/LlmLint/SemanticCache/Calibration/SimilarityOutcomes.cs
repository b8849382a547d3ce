namespace LlmLint.SemanticCache.Calibration;

/// <summary>
/// The verified outcomes of one calibration scope, counted by similarity bucket, and the threshold they support. A
/// threshold is certified when the one-sided Wilson upper bound on the wrong rate of all outcomes at or above it is within
/// the target. The shipped threshold stays until outcomes either certify a lower one or disprove it (their Wilson lower
/// bound is beyond the target); a disproven threshold moves to the lowest certified one above it, or, before any is
/// certified, just past the buckets whose outcomes show too many wrong hits (at most the top bucket's edge, 0.995).
/// </summary>
/// <remarks>
/// Thread-safe. Reading the threshold is one volatile read; recording an outcome takes this scope's lock and re-derives
/// the threshold from the bucket counts (a scan of <see cref="Buckets"/> buckets).
/// </remarks>
internal sealed class SimilarityOutcomes
{
    /// <summary>The lowest similarity a bucket starts at; lower similarities count in the first bucket.</summary>
    public const float Floor = 0.5f;

    /// <summary>The number of buckets over [<see cref="Floor"/>, 1].</summary>
    public const int Buckets = 100;

    private const float Width = (1f - Floor) / Buckets;

    private readonly long[] _wrong = new long[Buckets];
    private readonly long[] _total = new long[Buckets];
    private readonly object _gate = new();
    private readonly float _shipped;
    private readonly double _target;
    private readonly double _z;
    private float _threshold;

    /// <summary>Initializes a new instance of the <see cref="SimilarityOutcomes"/> class.</summary>
    /// <param name="shipped">The threshold used before outcomes certify another.</param>
    /// <param name="target">The largest acceptable wrong-hit rate.</param>
    /// <param name="z">The one-sided normal quantile of the confidence level.</param>
    public SimilarityOutcomes(float shipped, double target, double z)
    {
        _shipped = shipped;
        _target = target;
        _z = z;
        _threshold = shipped;
    }

    /// <summary>Gets the threshold the outcomes support.</summary>
    public float Threshold => Volatile.Read(ref _threshold);

    /// <summary>Gets the number of outcomes recorded.</summary>
    public long Outcomes
    {
        get
        {
            lock (_gate)
            {
                long sum = 0;
                foreach (long t in _total)
                {
                    sum += t;
                }

                return sum;
            }
        }
    }

    /// <summary>Gets the lower edge of the bucket of <paramref name="similarity"/>.</summary>
    /// <param name="similarity">A cosine similarity.</param>
    /// <returns>The bucket index.</returns>
    public static int BucketOf(float similarity)
        => float.IsNaN(similarity) ? 0 : Math.Clamp((int)MathF.Floor((similarity - Floor) / Width), 0, Buckets - 1);

    /// <summary>Gets the lower edge of bucket <paramref name="bucket"/>.</summary>
    /// <param name="bucket">The bucket index.</param>
    /// <returns>Its lowest similarity.</returns>
    public static float EdgeOf(int bucket) => Floor + (bucket * Width);

    /// <summary>Records one verified outcome and re-derives the threshold.</summary>
    /// <param name="similarity">The similarity of the served (or servable) candidate.</param>
    /// <param name="wrong">Whether its answer was wrong for the query.</param>
    public void Record(float similarity, bool wrong)
    {
        int bucket = BucketOf(similarity);
        lock (_gate)
        {
            _total[bucket]++;
            if (wrong)
            {
                _wrong[bucket]++;
            }

            Volatile.Write(ref _threshold, Derive());
        }
    }

    /// <summary>Copies the bucket counts.</summary>
    /// <returns>The wrong and total outcomes per bucket.</returns>
    public (long[] Wrong, long[] Total) Snapshot()
    {
        lock (_gate)
        {
            return ((long[])_wrong.Clone(), (long[])_total.Clone());
        }
    }

    /// <summary>Adds saved bucket counts (checked by the caller) and re-derives the threshold.</summary>
    /// <param name="wrong">The wrong outcomes per bucket.</param>
    /// <param name="total">All outcomes per bucket.</param>
    public void Merge(IReadOnlyList<long> wrong, IReadOnlyList<long> total)
    {
        lock (_gate)
        {
            for (int b = 0; b < Buckets; b++)
            {
                _wrong[b] += wrong[b];
                _total[b] += total[b];
            }

            Volatile.Write(ref _threshold, Derive());
        }
    }

    private float Derive()
    {
        Span<long> cumulativeWrong = stackalloc long[Buckets + 1];
        Span<long> cumulativeTotal = stackalloc long[Buckets + 1];
        for (int b = Buckets - 1; b >= 0; b--)
        {
            cumulativeWrong[b] = cumulativeWrong[b + 1] + _wrong[b];
            cumulativeTotal[b] = cumulativeTotal[b + 1] + _total[b];
        }

        // The shipped threshold is disproven when the outcomes at or above it show, by their lower bound, a wrong rate beyond the target.
        int start = Math.Clamp((int)MathF.Ceiling((_shipped - Floor) / Width), 0, Buckets - 1);
        bool disproven = IsAbove(cumulativeWrong[start], cumulativeTotal[start]);

        // Certified: the lowest edge of a bucket with outcomes whose outcomes at or above it bound the wrong rate within the target.
        int certified = -1;
        for (int b = Buckets - 1; b >= (disproven ? start : 0); b--)
        {
            if (_total[b] > 0 && WilsonBound.Upper(cumulativeWrong[b], cumulativeTotal[b], _z) <= _target)
            {
                certified = b;
            }
        }

        if (!disproven)
        {
            // Lowered only where outcomes below the shipped threshold certify it; never raised without evidence against it.
            return certified >= 0 && EdgeOf(certified) < _shipped ? EdgeOf(certified) : _shipped;
        }

        if (certified >= 0)
        {
            return EdgeOf(certified);
        }

        // Not certified yet: raised past the buckets whose outcomes show a wrong rate beyond the target. The top bucket stays
        // open: a wrong answer to a (near-)identical request is a bad stored answer, not a threshold that is too low.
        int raised = start;
        while (raised < Buckets - 1 && IsAbove(cumulativeWrong[raised], cumulativeTotal[raised]))
        {
            raised++;
        }

        return EdgeOf(raised);
    }

    private bool IsAbove(long wrong, long total) => total > 0 && WilsonBound.Lower(wrong, total, _z) > _target;
}
