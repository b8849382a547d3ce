using System.Threading.Tasks;

namespace LlmLint.SemanticCache;

/// <summary>A stored semantic-cache entry returned by a search, with its similarity to the query.</summary>
public sealed class SemanticSearchResult
{
    /// <summary>Initializes a new instance of the <see cref="SemanticSearchResult"/> class.</summary>
    /// <param name="id">The entry id.</param>
    /// <param name="partition">The partition it belongs to.</param>
    /// <param name="keyText">The text whose embedding was stored.</param>
    /// <param name="payload">The cached payload.</param>
    /// <param name="tags">The invalidation tags.</param>
    /// <param name="expiresAt">The expiry, if any.</param>
    /// <param name="similarity">The cosine similarity to the query.</param>
    public SemanticSearchResult(long id, SemanticPartition partition, string keyText, ReadOnlyMemory<byte> payload, IReadOnlyList<string> tags, DateTimeOffset? expiresAt, float similarity)
    {
        Id = id;
        Partition = partition;
        KeyText = keyText ?? throw new ArgumentNullException(nameof(keyText));
        Payload = payload;
        Tags = tags ?? Array.Empty<string>();
        ExpiresAt = expiresAt;
        Similarity = similarity;
    }

    /// <summary>Gets the entry id (unique within the store).</summary>
    public long Id { get; }

    /// <summary>Gets the partition.</summary>
    public SemanticPartition Partition { get; }

    /// <summary>Gets the stored key text.</summary>
    public string KeyText { get; }

    /// <summary>Gets the cached payload.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>Gets the invalidation tags.</summary>
    public IReadOnlyList<string> Tags { get; }

    /// <summary>Gets the expiry, or <see langword="null"/>.</summary>
    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>Gets the cosine similarity to the query.</summary>
    public float Similarity { get; }
}

/// <summary>
/// Persists semantic-cache entries (key text, embedding, payload) per <see cref="SemanticPartition"/> and finds the
/// nearest ones. A search never returns an entry from another partition, nor an expired one.
/// </summary>
public interface ISemanticCacheStore
{
    /// <summary>Gets the embedding dimensionality the store accepts.</summary>
    int Dimensions { get; }

    /// <summary>Stores an entry.</summary>
    /// <param name="partition">The mandatory partition.</param>
    /// <param name="keyText">The text that was embedded.</param>
    /// <param name="vector">Its embedding (validated: dimensions, finite, non-zero).</param>
    /// <param name="payload">The cached answer, serialised.</param>
    /// <param name="tags">Invalidation tags, for example the hash of a source document.</param>
    /// <param name="expiresAt">The expiry, or <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The new entry id.</returns>
    ValueTask<long> AddAsync(SemanticPartition partition, string keyText, ReadOnlyMemory<float> vector, ReadOnlyMemory<byte> payload, IReadOnlyCollection<string>? tags = null, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default);

    /// <summary>Finds up to <paramref name="k"/> entries of <paramref name="partition"/> with similarity at or above <paramref name="threshold"/>, most similar first.</summary>
    /// <param name="partition">The mandatory partition.</param>
    /// <param name="vector">The query embedding.</param>
    /// <param name="threshold">The minimum cosine similarity.</param>
    /// <param name="k">The maximum number of results.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The matches.</returns>
    ValueTask<IReadOnlyList<SemanticSearchResult>> SearchAsync(SemanticPartition partition, ReadOnlyMemory<float> vector, float threshold, int k, CancellationToken cancellationToken = default);

    /// <summary>Deletes one entry.</summary>
    /// <param name="partition">The entry's partition.</param>
    /// <param name="id">The entry id.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns><see langword="true"/> when it existed.</returns>
    ValueTask<bool> DeleteAsync(SemanticPartition partition, long id, CancellationToken cancellationToken = default);

    /// <summary>Deletes every entry, in every partition, carrying <paramref name="tag"/>.</summary>
    /// <param name="tag">The tag.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The number of entries deleted.</returns>
    ValueTask<int> InvalidateTagAsync(string tag, CancellationToken cancellationToken = default);

    /// <summary>Deletes every entry of a partition.</summary>
    /// <param name="partition">The partition.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The number of entries deleted.</returns>
    ValueTask<int> InvalidatePartitionAsync(SemanticPartition partition, CancellationToken cancellationToken = default);

    /// <summary>Deletes every expired entry.</summary>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The number of entries deleted.</returns>
    ValueTask<int> SweepExpiredAsync(CancellationToken cancellationToken = default);
}
