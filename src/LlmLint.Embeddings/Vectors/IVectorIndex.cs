namespace LlmLint.Vectors;

/// <summary>
/// A nearest-neighbour index over L2-normalised float vectors of one dimensionality, keyed by caller ids.
/// Similarity is cosine (vectors are normalised on insert, so cosine is the dot product).
/// </summary>
/// <remarks>Implementations are thread-safe: any number of concurrent searches with one writer at a time.</remarks>
public interface IVectorIndex : IDisposable
{
    /// <summary>Gets the dimensionality of the stored vectors.</summary>
    int Dimensions { get; }

    /// <summary>Gets the number of live (not deleted) vectors.</summary>
    int Count { get; }

    /// <summary>Adds a vector under <paramref name="id"/>, replacing any vector stored under the same id.</summary>
    /// <param name="id">The caller's id.</param>
    /// <param name="vector">The vector; it is validated (dimensions, finite, non-zero) and normalised.</param>
    void Add(long id, ReadOnlySpan<float> vector);

    /// <summary>Removes the vector stored under <paramref name="id"/>.</summary>
    /// <param name="id">The caller's id.</param>
    /// <returns><see langword="true"/> when a vector was removed.</returns>
    bool Remove(long id);

    /// <summary>Gets a value indicating whether a live vector is stored under <paramref name="id"/>.</summary>
    /// <param name="id">The caller's id.</param>
    /// <returns><see langword="true"/> when present.</returns>
    bool Contains(long id);

    /// <summary>Finds the most similar live vectors.</summary>
    /// <param name="query">The query vector; validated and normalised.</param>
    /// <param name="results">Receives up to <c>results.Length</c> hits, most similar first.</param>
    /// <param name="filter">An optional predicate; ids it rejects are never returned.</param>
    /// <returns>The number of hits written.</returns>
    int Search(ReadOnlySpan<float> query, Span<VectorHit> results, VectorFilter? filter = null);

    /// <summary>Reclaims the space of deleted vectors (a no-op where removal is immediate).</summary>
    void Compact();
}
