using System.Globalization;

namespace LlmLint.SemanticCache.Calibration;

/// <summary>
/// The most recent semantic hits of one cache, by id, so that feedback (<c>ReportWrongHit</c>/<c>ReportCorrectHit</c>) can
/// find the partition and similarity of a hit and count each hit at most once. A fixed ring: a hit older than
/// <see cref="Capacity"/> later hits can no longer be reported.
/// </summary>
/// <remarks>Thread-safe; slots are locked in stripes. Registering allocates only the id string.</remarks>
internal sealed class HitRegistry
{
    /// <summary>The number of recent hits kept.</summary>
    public const int Capacity = 4096;

    private const int Stripes = 64;

    private readonly Slot[] _slots = new Slot[Capacity];
    private readonly object[] _locks = new object[Stripes];
    private readonly string _prefix = Random.Shared.Next().ToString("x8", CultureInfo.InvariantCulture);
    private long _sequence;

    public HitRegistry()
    {
        for (int i = 0; i < Stripes; i++)
        {
            _locks[i] = new object();
        }
    }

    /// <summary>Registers a hit and returns its id.</summary>
    /// <param name="partition">The partition of the hit.</param>
    /// <param name="similarity">The similarity of the served entry.</param>
    /// <returns>The hit id (unique within this process for this cache).</returns>
    public string Register(SemanticPartition partition, float similarity)
    {
        long sequence = Interlocked.Increment(ref _sequence);
        int index = (int)(sequence & (Capacity - 1));
        lock (_locks[index & (Stripes - 1)])
        {
            _slots[index] = new Slot(sequence, partition, similarity, false);
        }

        return string.Create(_prefix.Length + 1 + 16, (_prefix, sequence), static (span, state) =>
        {
            state._prefix.AsSpan().CopyTo(span);
            span[state._prefix.Length] = '-';
            state.sequence.TryFormat(span[(state._prefix.Length + 1)..], out _, "x16", CultureInfo.InvariantCulture);
        });
    }

    /// <summary>Takes a registered hit for an outcome, once.</summary>
    /// <param name="hitId">The id returned by <see cref="Register"/>.</param>
    /// <param name="partition">The partition of the hit.</param>
    /// <param name="similarity">The similarity of the hit.</param>
    /// <returns><see langword="false"/> when the id is unknown, too old or already settled.</returns>
    public bool TrySettle(string? hitId, out SemanticPartition partition, out float similarity)
    {
        partition = default;
        similarity = 0;
        if (hitId is null || hitId.Length != _prefix.Length + 17 || !hitId.AsSpan().StartsWith(_prefix) || hitId[_prefix.Length] != '-'
            || !long.TryParse(hitId.AsSpan(_prefix.Length + 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long sequence))
        {
            return false;
        }

        int index = (int)(sequence & (Capacity - 1));
        lock (_locks[index & (Stripes - 1)])
        {
            Slot slot = _slots[index];
            if (slot.Sequence != sequence || slot.Settled)
            {
                return false;
            }

            _slots[index] = slot with { Settled = true };
            partition = slot.Partition;
            similarity = slot.Similarity;
            return true;
        }
    }

    private readonly record struct Slot(long Sequence, SemanticPartition Partition, float Similarity, bool Settled);
}
