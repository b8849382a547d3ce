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

    /// <summary>
    /// The <see cref="Microsoft.Extensions.AI.ChatResponse.AdditionalProperties"/> key carrying the id of a hit (a string), for
    /// <see cref="SemanticCachingChatClient.ReportWrongHit(string)"/> and <see cref="SemanticCachingChatClient.ReportCorrectHit(string)"/>.
    /// </summary>
    public const string HitIdProperty = "llmlint.semantic.hit_id";

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
    /// them must match exactly (it joins the partition as a hash), so no part of the prompt is ever ignored. With the local
    /// model the window also shrinks until its tokens fit (<see cref="LlmLint.Embeddings.LocalEmbeddingGenerator.FitsWindow"/>). Default 96.
    /// </summary>
    public int EmbeddingWindowWords { get; set; } = 96;

    /// <summary>
    /// Splits a key text as the cache compares it under these options: the part that must match exactly and the part
    /// that is embedded (the whole text when it fits <see cref="EmbeddingWindowWords"/>; else its final sentences, the
    /// window shrinking until <paramref name="fitsWindow"/> accepts them).
    /// </summary>
    /// <param name="keyText">The key text.</param>
    /// <param name="fitsWindow">Whether the embedding model reads a text whole (<see cref="LlmLint.Embeddings.LocalEmbeddingGenerator.FitsWindow"/>), or <see langword="null"/> to trust the word window.</param>
    /// <returns>The exact part (empty for a text within the window) and the embedded part.</returns>
    public (string ExactPart, string EmbeddedPart) SplitKeyText(string keyText, Func<string, bool>? fitsWindow = null)
    {
        ArgumentNullException.ThrowIfNull(keyText);
        return SemanticRequestKey.Split(keyText, EmbeddingWindowWords, fitsWindow);
    }

    /// <summary>
    /// Gets or sets the largest acceptable rate of wrong hits, or <see langword="null"/> to keep the threshold fixed. The
    /// cache keeps a threshold per tenant, function and tier that holds the rate of wrong answers among served hits at or
    /// under this target (by a one-sided Wilson bound at <see cref="CalibrationConfidence"/>) from verified outcomes: shadow
    /// checks (<see cref="ShadowCheckRate"/>) and feedback (<see cref="SemanticCachingChatClient.ReportWrongHit(string)"/>).
    /// Without outcomes <see cref="Threshold"/> is used unchanged. Must be within (0, 1). Default 0.01.
    /// </summary>
    public double? MaxWrongHitRate { get; set; } = 0.01;

    /// <summary>Gets or sets the one-sided confidence level of the calibrated threshold's bound. Must be within [0.5, 1). Default 0.95.</summary>
    public double CalibrationConfidence { get; set; } = 0.95;

    /// <summary>
    /// Gets or sets the fraction of lookups that are verified in the background when <see cref="MaxWrongHitRate"/> is set: a
    /// sampled hit also asks the inner client (an extra model call, metered and tagged
    /// <see cref="Verification.SemanticCacheOverhead.ShadowCheckFunction"/>) and compares the answers with
    /// <see cref="AnswerComparer"/>; a sampled miss whose nearest entry lay just below the threshold compares its own answer
    /// with that entry's (no extra call). Must be within [0, 1]. Default 0 (outcomes come from feedback only).
    /// </summary>
    public double ShadowCheckRate { get; set; }

    /// <summary>Gets or sets the most shadow checks running at once; sampled checks beyond it are skipped and counted. Default 2.</summary>
    public int MaxConcurrentShadowChecks { get; set; } = 2;

    /// <summary>Gets or sets the time a shadow check may take before it is abandoned without an outcome. Default 30 s.</summary>
    public TimeSpan ShadowCheckTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how shadow checks compare a cached answer with a fresh one. Default <see cref="Calibration.NormalizedAnswerComparer"/>.</summary>
    public Calibration.IAnswerComparer AnswerComparer { get; set; } = Calibration.NormalizedAnswerComparer.Instance;

    /// <summary>Gets or sets the ledger that receives a record per shadow-check call, or <see langword="null"/>.</summary>
    public LlmLint.Metering.ICostLedger? OverheadLedger { get; set; }

    /// <summary>Gets or sets the prices of shadow-check calls, or <see langword="null"/> for the catalog's.</summary>
    public LlmLint.Metering.CostCalculator? OverheadCalculator { get; set; }
}
