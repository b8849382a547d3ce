using System.Text.Json;
using System.Threading.Tasks;
using LlmLint.Caching;
using Microsoft.Extensions.Logging.Abstractions;

namespace LlmLint.SemanticCache;

/// <summary>Finding a verified hit among the nearest stored entries, and storing an answer without duplicates.</summary>
public sealed partial class SemanticCachingChatClient
{
    private async Task<Lookup> LookupAsync(IList<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        if (ResolveKey(messages, options) is not { } key)
        {
            _statistics.CountSkipped();
            return default;
        }

        float[] vector;
        try
        {
            GeneratedEmbeddings<Embedding<float>> embeddings = await _generator.GenerateAsync([key.EmbeddedText], cancellationToken: cancellationToken);
            vector = embeddings[0].Vector.ToArray();
            LlmLint.Vectors.VectorValidation.Validate(vector, _store.Dimensions, "embedding");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            _statistics.CountBypass();
            LogEmbeddingFailed(_logger, ex);
            return default;
        }

        SemanticHitQuery query = _selector.Prepare(key.Partition, options);
        bool calibrated = _calibrator is not null && options?.AdditionalProperties?.ContainsKey(SemanticCacheOptions.ThresholdProperty) != true;
        if (calibrated)
        {
            query = _calibrator!.Adjust(query);
        }

        (bool storeUp, IReadOnlyList<SemanticSearchResult> found) = await _store.TrySearchAsync(key.Partition, vector, query.SearchFloor, _options.Candidates, cancellationToken);
        if (!storeUp)
        {
            // The store failed or timed out: it is bypassed for the rest of this call (one timeout per call at most).
            return new Lookup(key, null, null, null);
        }

        IReadOnlyList<SemanticSearchResult> candidates = await ReadableAsync(found, cancellationToken);
        SemanticHitSelection selection = await _selector.SelectAsync(key.KeyText, query, candidates, cancellationToken);
        if (selection.Response is { } cached)
        {
            _statistics.CountHit();
            if (_calibrator is not null && selection.Entry is { } served)
            {
                cached.AdditionalProperties![SemanticCacheOptions.HitIdProperty] = _calibrator.RegisterHit(key.Partition, served.Similarity);
                if (calibrated && _shadow!.TryAcquire())
                {
                    _shadow.StartHitCheck(messages, options, key.KeyText, cached.Text, key.Partition, served.Similarity);
                }
            }

            return new Lookup(key, vector, candidates, cached);
        }

        return new Lookup(key, vector, candidates, null, query.Threshold, calibrated);
    }

    /// <summary>
    /// Decrypts and checks the stored neighbours: an entry whose key text or payload cannot be read (another protection key,
    /// bad JSON, a blank role or finish reason, no content) is skipped, counted and evicted, never thrown nor served.
    /// </summary>
    private async ValueTask<IReadOnlyList<SemanticSearchResult>> ReadableAsync(IReadOnlyList<SemanticSearchResult> found, CancellationToken cancellationToken)
    {
        List<SemanticSearchResult>? readable = null;
        for (int i = 0; i < found.Count; i++)
        {
            SemanticSearchResult entry = found[i];
            SemanticSearchResult? plain = SemanticEntryProtection.TryOpen(entry, _options.Protector);
            if (plain is not null && CachedResponseReader.TryRead(plain.Payload.Span) is not null)
            {
                if (readable is not null || plain != entry)
                {
                    (readable ??= Prefix(found, i)).Add(plain);
                }

                continue;
            }

            readable ??= Prefix(found, i);
            _statistics.CountUnreadable();
            LogUnreadable(_logger, entry.Id, entry.Partition.ToString());
            await _store.DeleteAsync(entry.Partition, entry.Id, cancellationToken);
        }

        return readable ?? found;

        static List<SemanticSearchResult> Prefix(IReadOnlyList<SemanticSearchResult> found, int count)
        {
            var list = new List<SemanticSearchResult>(found.Count);
            for (int i = 0; i < count; i++)
            {
                list.Add(found[i]);
            }

            return list;
        }
    }

    /// <summary>Stores a cacheable answer; returns its serialised payload (for single-flight followers), or <see langword="null"/> when it was not cacheable.</summary>
    private async Task<byte[]?> StoreAsync(Lookup lookup, ChatResponse response, IReadOnlyCollection<string>? tags, ChatOptions? options, CancellationToken cancellationToken)
    {
        if (!IsCacheable(response))
        {
            _statistics.CountNotStored();
            return null;
        }

        byte[] payload;
        try
        {
            payload = JsonSerializer.SerializeToUtf8Bytes(response, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ChatResponse)));
        }
        catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException)
        {
            _statistics.CountNotStored();
            return null;
        }

        if (lookup.Vector is null)
        {
            return payload; // the store was bypassed during the lookup: not asked again in this call
        }

        TimeSpan? timeToLive = options?.AdditionalProperties?.TryGetValue(SemanticCacheOptions.TtlProperty, out object? ttlValue) == true && ttlValue is TimeSpan callTtl && callTtl > TimeSpan.Zero ? callTtl : _options.TimeToLive;
        DateTimeOffset? expires = timeToLive is { } ttl ? _options.TimeProvider.GetUtcNow() + ttl : null;
        (string storedKey, byte[] storedPayload) = SemanticEntryProtection.Seal(lookup.Key.KeyText, payload, _options.Protector);
        long id = await _store.AddAsync(lookup.Key.Partition, storedKey, lookup.Vector, storedPayload, tags, expires, cancellationToken);
        if (id >= 0)
        {
            _selector.Observe(lookup.Key.KeyText);
            _statistics.CountStored();
            await RemoveDuplicatesAsync(lookup, id, cancellationToken);
        }

        return payload;
    }

    /// <summary>Merge on write: earlier entries of the same request (normalised key text) in the partition are removed, so the newest answer is the only one.</summary>
    private async ValueTask RemoveDuplicatesAsync(Lookup lookup, long id, CancellationToken cancellationToken)
    {
        if (lookup.Candidates is not { Count: > 0 } candidates)
        {
            return;
        }

        string normalized = SemanticRequestKey.Normalize(lookup.Key.KeyText);
        foreach (SemanticSearchResult candidate in candidates)
        {
            if (candidate.Id != id && string.Equals(SemanticRequestKey.Normalize(candidate.KeyText), normalized, StringComparison.Ordinal))
            {
                await _store.DeleteAsync(candidate.Partition, candidate.Id, cancellationToken);
            }
        }
    }

    /// <summary>
    /// A sampled miss whose nearest entry lay below the threshold is an outcome for free: would that entry's answer have been
    /// right? (Checked in the background; the comparison decides, no extra model call.)
    /// </summary>
    private void Explore(Lookup lookup, ChatResponse fresh)
    {
        if (!lookup.Calibrated || lookup.Candidates is not { Count: > 0 } candidates || candidates[0].Similarity >= lookup.Threshold || !IsCacheable(fresh))
        {
            return;
        }

        if (_shadow!.TryAcquire())
        {
            _shadow.StartMissCheck(lookup.Key.KeyText, candidates[0], fresh.Text, lookup.Key.Partition);
        }
    }
}
