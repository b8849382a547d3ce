using System.Threading.Tasks;

namespace LlmLint.SemanticCache;

/// <summary>The outcome of checking a semantic-cache candidate beyond its cosine similarity.</summary>
public enum GuardVerdict
{
    /// <summary>No verifier ran (guards are off).</summary>
    NotChecked = 0,

    /// <summary>The verifier accepted the candidate as asking the same thing.</summary>
    Accepted = 1,

    /// <summary>The verifier found a difference that changes the answer and rejected the candidate.</summary>
    Rejected = 2,
}

/// <summary>A verifier's decision and its reason.</summary>
/// <param name="Verdict">Accepted or rejected.</param>
/// <param name="Reason">A short human-readable reason (for example <c>"numbers differ: 3 vs 5"</c>).</param>
public readonly record struct HitVerification(GuardVerdict Verdict, string Reason)
{
    /// <summary>Gets a value indicating whether the candidate was accepted.</summary>
    public bool IsAccepted => Verdict == GuardVerdict.Accepted;
}

/// <summary>Decides whether a cached entry whose key is similar to the query really answers the same question.</summary>
/// <remarks>Implementations must be thread-safe; they run on every candidate hit.</remarks>
public interface IHitVerifier
{
    /// <summary>Checks a candidate.</summary>
    /// <param name="query">The text of the new request.</param>
    /// <param name="candidate">The key text of the cached entry.</param>
    /// <param name="similarity">The cosine similarity of their embeddings.</param>
    /// <returns>The verdict and its reason.</returns>
    HitVerification Verify(string query, string candidate, float similarity);

    /// <summary>
    /// Checks a candidate asynchronously; the middleware calls this. The default runs <see cref="Verify"/> synchronously
    /// (no allocation); a verifier that calls out (a judge model, a service) overrides it.
    /// </summary>
    /// <param name="query">The text of the new request.</param>
    /// <param name="candidate">The key text of the cached entry.</param>
    /// <param name="similarity">The cosine similarity of their embeddings.</param>
    /// <param name="cancellationToken">The cancellation token of the call.</param>
    /// <returns>The verdict and its reason.</returns>
    ValueTask<HitVerification> VerifyAsync(string query, string candidate, float similarity, CancellationToken cancellationToken)
        => new(Verify(query, candidate, similarity));

    /// <summary>Lets the verifier learn term statistics from a stored key text (optional).</summary>
    /// <param name="keyText">The stored text.</param>
    void Observe(string keyText)
    {
    }
}

/// <summary>A semantic-cache hit: the cached payload with the similarity and the verifier's verdict.</summary>
public sealed class SemanticCacheHit
{
    /// <summary>Initializes a new instance of the <see cref="SemanticCacheHit"/> class.</summary>
    /// <param name="entry">The matching entry.</param>
    /// <param name="verification">The verifier's verdict.</param>
    public SemanticCacheHit(SemanticSearchResult entry, HitVerification verification)
    {
        Entry = entry ?? throw new ArgumentNullException(nameof(entry));
        GuardVerdict = verification.Verdict;
        Reason = verification.Reason;
    }

    /// <summary>Gets the matching entry.</summary>
    public SemanticSearchResult Entry { get; }

    /// <summary>Gets the cosine similarity between the query and the entry's key.</summary>
    public float Similarity => Entry.Similarity;

    /// <summary>Gets the verifier's verdict.</summary>
    public GuardVerdict GuardVerdict { get; }

    /// <summary>Gets the verifier's reason.</summary>
    public string Reason { get; }
}
