using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LlmLint.SemanticCache;

/// <summary>
/// Wraps a store so that an outage never fails the caller: a call that throws or exceeds the timeout is bypassed
/// (a search returns no match, an add is dropped), counted in <see cref="Bypasses"/> and logged. Cancellation requested
/// by the caller still surfaces as <see cref="OperationCanceledException"/>. Stores other than
/// <see cref="InMemorySemanticCacheStore"/> run on the thread pool, so a store that blocks its caller (a locked SQLite file,
/// a synchronous driver) is bounded by the timeout too.
/// </summary>
/// <remarks>Thread-safe when the inner store is. Logs never contain key texts or payloads.</remarks>
public sealed partial class ResilientSemanticStore : ISemanticCacheStore
{
    private readonly ISemanticCacheStore _inner;
    private readonly TimeSpan _timeout;
    private readonly ILogger _logger;
    private long _bypasses;

    /// <summary>Initializes a new instance of the <see cref="ResilientSemanticStore"/> class.</summary>
    /// <param name="inner">The store to protect.</param>
    /// <param name="timeout">The longest a store call may take before it is bypassed (default 250 ms).</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
    public ResilientSemanticStore(ISemanticCacheStore inner, TimeSpan? timeout = null, ILogger? logger = null)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _timeout = timeout ?? TimeSpan.FromMilliseconds(250);
        if (_timeout <= TimeSpan.Zero && _timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The timeout must be positive (or infinite).");
        }

        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Raised after a store call was bypassed; the argument names the operation.</summary>
    public event Action<string, Exception>? Bypassed;

    /// <summary>Gets the number of store calls bypassed because they failed or timed out.</summary>
    public long Bypasses => Interlocked.Read(ref _bypasses);

    /// <summary>Gets the protected store.</summary>
    public ISemanticCacheStore Inner => _inner;

    /// <inheritdoc/>
    public int Dimensions => _inner.Dimensions;

    /// <inheritdoc/>
    public ValueTask<long> AddAsync(SemanticPartition partition, string keyText, ReadOnlyMemory<float> vector, ReadOnlyMemory<byte> payload, IReadOnlyCollection<string>? tags = null, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
        => Guard("add", ct => _inner.AddAsync(partition, keyText, vector, payload, tags, expiresAt, ct), -1L, cancellationToken);

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<SemanticSearchResult>> SearchAsync(SemanticPartition partition, ReadOnlyMemory<float> vector, float threshold, int k, CancellationToken cancellationToken = default)
        => (await TrySearchAsync(partition, vector, threshold, k, cancellationToken)).Results;

    /// <summary>Searches, and says whether the store answered (<see langword="false"/>: it failed or timed out and was bypassed).</summary>
    internal async ValueTask<(bool Ok, IReadOnlyList<SemanticSearchResult> Results)> TrySearchAsync(SemanticPartition partition, ReadOnlyMemory<float> vector, float threshold, int k, CancellationToken cancellationToken)
    {
        (bool ok, IReadOnlyList<SemanticSearchResult>? results) = await TryGuard("search", ct => _inner.SearchAsync(partition, vector, threshold, k, ct), cancellationToken);
        return (ok, results ?? Array.Empty<SemanticSearchResult>());
    }

    /// <inheritdoc/>
    public ValueTask<bool> DeleteAsync(SemanticPartition partition, long id, CancellationToken cancellationToken = default)
        => Guard("delete", ct => _inner.DeleteAsync(partition, id, ct), false, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<int> InvalidateTagAsync(string tag, CancellationToken cancellationToken = default)
        => Guard("invalidate-tag", ct => _inner.InvalidateTagAsync(tag, ct), 0, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<int> InvalidatePartitionAsync(SemanticPartition partition, CancellationToken cancellationToken = default)
        => Guard("invalidate-partition", ct => _inner.InvalidatePartitionAsync(partition, ct), 0, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<int> SweepExpiredAsync(CancellationToken cancellationToken = default)
        => Guard("sweep", ct => _inner.SweepExpiredAsync(ct), 0, cancellationToken);

    private async ValueTask<T> Guard<T>(string operation, Func<CancellationToken, ValueTask<T>> call, T fallback, CancellationToken cancellationToken)
    {
        (bool ok, T? value) = await TryGuard(operation, call, cancellationToken);
        return ok ? value! : fallback;
    }

    private async ValueTask<(bool Ok, T? Value)> TryGuard<T>(string operation, Func<CancellationToken, ValueTask<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            // The bound also holds for stores that ignore the token or block the calling thread.
            return (true, await LlmLint.Caching.BoundedStoreCall.RunAsync(call, _inner is InMemorySemanticCacheStore, _timeout, cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (ArgumentException)
        {
            throw; // a caller bug, not an outage
        }
        catch (Exception ex)
        {
            Interlocked.Increment(ref _bypasses);
            LogBypassed(_logger, operation, ex);
            Bypassed?.Invoke(operation, ex);
            return (false, default);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Semantic cache store {Operation} failed or timed out; the cache was bypassed")]
    private static partial void LogBypassed(ILogger logger, string operation, Exception exception);
}
