namespace LlmLint.Vectors;

/// <summary>One search result: the id of a stored vector and its cosine similarity to the query.</summary>
/// <param name="Id">The caller's id of the stored vector.</param>
/// <param name="Similarity">The cosine similarity (the dot product of the normalised vectors), in [-1, 1].</param>
public readonly record struct VectorHit(long Id, float Similarity);

/// <summary>Decides whether a stored id may be returned by a search (live, not expired, not invalidated).</summary>
/// <param name="id">The stored id.</param>
/// <returns><see langword="true"/> when the id may be returned.</returns>
public delegate bool VectorFilter(long id);
