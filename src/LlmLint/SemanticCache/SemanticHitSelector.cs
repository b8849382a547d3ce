using System.Text.Json;
using System.Threading.Tasks;

namespace LlmLint.SemanticCache;

/// <summary>
/// Decides which of the stored neighbours of a query, if any, is served: the threshold, the answer-consensus check and
/// the verifier. <see cref="SemanticCachingChatClient"/> searches the store and calls this class with what it found.
/// </summary>
/// <remarks>Thread-safe; holds no per-call state.</remarks>
internal sealed class SemanticHitSelector
{
    private readonly SemanticCacheOptions _options;
    private readonly SemanticCacheStatistics _statistics;

    /// <summary>Initializes a new instance of the <see cref="SemanticHitSelector"/> class.</summary>
    /// <param name="options">The cache options.</param>
    /// <param name="statistics">The counters that guard rejections are added to.</param>
    public SemanticHitSelector(SemanticCacheOptions options, SemanticCacheStatistics statistics)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _statistics = statistics ?? throw new ArgumentNullException(nameof(statistics));
    }

    /// <summary>Resolves the threshold of a call and how far below it neighbours are searched.</summary>
    /// <param name="partition">The partition of the call.</param>
    /// <param name="options">The chat options of the call (a per-call threshold).</param>
    /// <returns>The threshold and search floor.</returns>
    public SemanticHitQuery Prepare(SemanticPartition partition, ChatOptions? options)
    {
        _ = partition;
        float threshold = _options.Threshold;
        if (options?.AdditionalProperties?.TryGetValue(SemanticCacheOptions.ThresholdProperty, out object? t) == true)
        {
            threshold = t switch { float f => f, double d => (float)d, _ => threshold };
        }

        // Neighbours are searched down to the widest margin below the threshold; the margin applied depends on whether
        // their cached answers repeat (several stored questions per answer) or are all distinct.
        float sharedMargin = _options.AnswerConsensus ? Math.Max(0f, _options.ConsensusMargin) : 0f;
        float distinctMargin = _options.AnswerConsensus ? Math.Max(0f, _options.DistinctAnswersMargin) : 0f;
        float reach = Math.Max(sharedMargin, distinctMargin);
        return new SemanticHitQuery(partition, threshold, Math.Max(-1f, threshold - reach), sharedMargin, distinctMargin);
    }

    /// <summary>Chooses the hit among the candidates, best first.</summary>
    /// <param name="keyText">The key text of the query.</param>
    /// <param name="query">The prepared threshold and margins.</param>
    /// <param name="candidates">The stored neighbours, best first.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The chosen hit (its response carries similarity, verdict and reason), or none.</returns>
    public async ValueTask<SemanticHitSelection> SelectAsync(string keyText, SemanticHitQuery query, IReadOnlyList<SemanticSearchResult> candidates, CancellationToken cancellationToken)
    {
        string? consensusAnswer = null;
        if (_options.AnswerConsensus && candidates.Count > 0)
        {
            // The cached answers of the neighbours must agree: a different answer within the margin of the best makes the query ambiguous.
            if (IsAmbiguous(candidates, query.SharedMargin, query.DistinctMargin, out consensusAnswer))
            {
                _statistics.CountGuardRejection();
                return default;
            }
        }

        IHitVerifier? verifier = _options.Verifier;
        foreach (SemanticSearchResult candidate in candidates)
        {
            if (candidate.Similarity < query.Threshold)
            {
                break;
            }

            HitVerification verification = verifier is null
                ? new HitVerification(GuardVerdict.NotChecked, "guard off")
                : await verifier.VerifyAsync(keyText, candidate.KeyText, candidate.Similarity, cancellationToken);
            if (verification.Verdict == GuardVerdict.Rejected)
            {
                _statistics.CountGuardRejection();
                continue;
            }

            ChatResponse? cached = Deserialize(candidate.Payload);
            if (cached is null)
            {
                continue;
            }

            if (consensusAnswer is not null && !string.Equals(cached.Text, consensusAnswer, StringComparison.Ordinal))
            {
                break;
            }

            cached.AdditionalProperties ??= new AdditionalPropertiesDictionary();
            cached.AdditionalProperties[SemanticCacheOptions.SimilarityProperty] = candidate.Similarity;
            cached.AdditionalProperties[SemanticCacheOptions.VerdictProperty] = verification.Verdict.ToString();
            cached.AdditionalProperties[SemanticCacheOptions.ReasonProperty] = verification.Reason;
            return new SemanticHitSelection(cached, candidate, verification);
        }

        return default;
    }

    /// <summary>Lets the verifier learn from a key text that was stored.</summary>
    /// <param name="keyText">The stored key text.</param>
    public void Observe(string keyText) => _options.Verifier?.Observe(keyText);

    private static bool IsAmbiguous(IReadOnlyList<SemanticSearchResult> candidates, float sharedMargin, float distinctMargin, out string consensusAnswer)
    {
        // Answers are identified by their text: equal texts share an identity (the index of their first occurrence).
        int count = candidates.Count;
        var answerTexts = new string[count];
        Span<int> answers = count <= 64 ? stackalloc int[count] : new int[count];
        Span<float> similarities = count <= 64 ? stackalloc float[count] : new float[count];
        for (int j = 0; j < count; j++)
        {
            string answer = Deserialize(candidates[j].Payload)?.Text ?? string.Empty;
            int id = j;
            for (int i = 0; i < j; i++)
            {
                if (string.Equals(answerTexts[i], answer, StringComparison.Ordinal))
                {
                    id = answers[i];
                    break;
                }
            }

            answerTexts[j] = answer;
            answers[j] = id;
            similarities[j] = candidates[j].Similarity;
        }

        consensusAnswer = answerTexts[0];
        return SemanticConsensus.IsAmbiguous(similarities, answers, sharedMargin, distinctMargin);
    }

    private static ChatResponse? Deserialize(ReadOnlyMemory<byte> payload)
    {
        try
        {
            return (ChatResponse?)JsonSerializer.Deserialize(payload.Span, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ChatResponse)));
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The threshold and consensus margins of one lookup.</summary>
/// <param name="Partition">The partition searched.</param>
/// <param name="Threshold">The minimum similarity of a hit.</param>
/// <param name="SearchFloor">The lowest similarity searched (the threshold minus the widest consensus margin).</param>
/// <param name="SharedMargin">The consensus margin where cached answers repeat.</param>
/// <param name="DistinctMargin">The consensus margin where every cached answer is distinct.</param>
internal readonly record struct SemanticHitQuery(SemanticPartition Partition, float Threshold, float SearchFloor, float SharedMargin, float DistinctMargin);

/// <summary>The hit chosen by <see cref="SemanticHitSelector"/>, or none.</summary>
/// <param name="Response">The cached response to serve, or <see langword="null"/> for a miss.</param>
/// <param name="Entry">The stored entry served.</param>
/// <param name="Verification">The verifier's verdict and reason.</param>
internal readonly record struct SemanticHitSelection(ChatResponse? Response, SemanticSearchResult? Entry, HitVerification Verification);
