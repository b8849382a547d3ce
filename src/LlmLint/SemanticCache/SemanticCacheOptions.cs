using System;

namespace LlmLint.SemanticCache;

/// <summary>Options of <see cref="SemanticCachingChatClient"/>.</summary>
public sealed class SemanticCacheOptions
{
    /// <summary>The <see cref="Microsoft.Extensions.AI.ChatOptions.AdditionalProperties"/> key of the text to embed (defaults to the last user message).</summary>
    public const string SemanticKeyProperty = "llmlint.semantic_key";

    /// <summary>The <see cref="Microsoft.Extensions.AI.ChatOptions.AdditionalProperties"/> key of the tenant.</summary>
    public const string TenantProperty = "llmlint.tenant";

    /// <summary>The <see cref="Microsoft.Extensions.AI.ChatOptions.AdditionalProperties"/> key of the function identity or template hash.</summary>
    public const string FunctionProperty = "llmlint.function";

    /// <summary>The <see cref="Microsoft.Extensions.AI.ChatOptions.AdditionalProperties"/> key of the tier (defaults to the model id).</summary>
    public const string TierProperty = "llmlint.tier";

    /// <summary>The <see cref="Microsoft.Extensions.AI.ChatOptions.AdditionalProperties"/> key of invalidation tags (an <c>IEnumerable&lt;string&gt;</c>).</summary>
    public const string TagsProperty = "llmlint.semantic_tags";

    /// <summary>The <see cref="Microsoft.Extensions.AI.ChatOptions.AdditionalProperties"/> key of a per-call threshold (a float or double).</summary>
    public const string ThresholdProperty = "llmlint.semantic_threshold";

    /// <summary>The <see cref="Microsoft.Extensions.AI.ChatOptions.AdditionalProperties"/> key of a per-call time to live of the stored answer (a <see cref="System.TimeSpan"/>).</summary>
    public const string TtlProperty = "llmlint.semantic_ttl";

    /// <summary>The <see cref="Microsoft.Extensions.AI.ChatResponse.AdditionalProperties"/> key carrying the similarity of a hit.</summary>
    public const string SimilarityProperty = "llmlint.semantic.similarity";

    /// <summary>The <see cref="Microsoft.Extensions.AI.ChatResponse.AdditionalProperties"/> key carrying the verifier's verdict of a hit.</summary>
    public const string VerdictProperty = "llmlint.semantic.verdict";

    /// <summary>The <see cref="Microsoft.Extensions.AI.ChatResponse.AdditionalProperties"/> key carrying the verifier's reason.</summary>
    public const string ReasonProperty = "llmlint.semantic.reason";

    /// <summary>Gets or sets the minimum cosine similarity of a hit. Default 0.65 (see docs/semantic-cache.md).</summary>
    public float Threshold { get; set; } = 0.65f;

    /// <summary>Gets or sets how many nearest neighbours the guards look at (answer consensus, then the verifier). Default 10.</summary>
    public int Candidates { get; set; } = 10;

    /// <summary>Gets or sets the verifier; <see langword="null"/> turns the guard off (cosine only). Default <see cref="LexicalGuard"/>.</summary>
    public IHitVerifier? Verifier { get; set; } = new LexicalGuard();

    /// <summary>
    /// Gets or sets a value indicating whether the answer-consensus guard is on: when a stored neighbour whose cached answer
    /// differs from the nearest one's lies within the margin of the best similarity, the query is ambiguous and misses.
    /// The margin is <see cref="ConsensusMargin"/> when some cached answer is held by two or more of the neighbours within
    /// reach, else <see cref="DistinctAnswersMargin"/>. Default <see langword="true"/>.
    /// </summary>
    public bool AnswerConsensus { get; set; } = true;

    /// <summary>
    /// Gets or sets the margin of the answer-consensus guard where cached answers repeat among the neighbours (several stored
    /// questions per answer); it also sets how far below <see cref="Threshold"/> neighbours are searched.
    /// Default <see cref="SemanticConsensus.DefaultMargin"/> (0.06).
    /// </summary>
    public float ConsensusMargin { get; set; } = SemanticConsensus.DefaultMargin;

    /// <summary>
    /// Gets or sets the margin of the answer-consensus guard where every neighbour carries its own cached answer (one stored
    /// question per answer): only a near tie is ambiguous. Set it to <see cref="ConsensusMargin"/> for one fixed margin.
    /// Default <see cref="SemanticConsensus.DefaultDistinctMargin"/> (0.01).
    /// </summary>
    public float DistinctAnswersMargin { get; set; } = SemanticConsensus.DefaultDistinctMargin;

    /// <summary>Gets or sets the time to live of stored answers, or <see langword="null"/> for none. Default 1 day.</summary>
    public TimeSpan? TimeToLive { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Gets or sets the tenant used when a call carries none; <see langword="null"/> bypasses the cache for such calls.</summary>
    public string? DefaultTenant { get; set; }

    /// <summary>Gets or sets a provider of the current tenant (for example from the ambient request), consulted before <see cref="DefaultTenant"/>.</summary>
    public Func<string?>? TenantProvider { get; set; }

    /// <summary>Gets or sets the timeout of a store call before it is bypassed. Default 250 ms.</summary>
    public TimeSpan StoreTimeout { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Gets or sets the clock used for expiry.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Gets or sets the protector that encrypts stored key texts and answers at rest
    /// (<see cref="LlmLint.Caching.DataProtectionCacheProtector"/> for ASP.NET Core Data Protection), or <see langword="null"/>
    /// to store them in plain text. Embeddings, partitions and tags are not encrypted.
    /// </summary>
    public LlmLint.Caching.ICacheProtector? Protector { get; set; }

    /// <summary>
    /// Gets or sets how many words of the key text the embedding model sees (its window; USE-lite embeds 128 tokens, about
    /// 96 words). A longer key text is embedded by its last <see cref="EmbeddingWindowWords"/> words and everything before
    /// them must match exactly (it joins the partition as a hash), so no part of the prompt is ever ignored. Default 96.
    /// </summary>
    public int EmbeddingWindowWords { get; set; } = 96;
}
