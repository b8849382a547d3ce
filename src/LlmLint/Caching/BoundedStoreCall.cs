using System.Threading.Tasks;

namespace LlmLint.Caching;

/// <summary>
/// Runs one cache-store operation within a bound. Stores that may block the calling thread (SQLite, drivers with
/// synchronous I/O, a lock held by another call) run on the thread pool, so the caller waits at most the timeout even
/// when the store never yields; the store is also handed a token that is cancelled at the timeout.
/// </summary>
internal static class BoundedStoreCall
{
    /// <summary>Runs <paramref name="call"/>; throws <see cref="TimeoutException"/> when it does not finish within <paramref name="timeout"/>.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="call">The store operation.</param>
    /// <param name="inProcess">Whether the store completes in memory without blocking (then it runs inline).</param>
    /// <param name="timeout">The bound, or <see cref="Timeout.InfiniteTimeSpan"/>.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <returns>The result.</returns>
    public static async ValueTask<T> RunAsync<T>(Func<CancellationToken, ValueTask<T>> call, bool inProcess, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (inProcess)
        {
            ValueTask<T> inline = call(cancellationToken);
            if (inline.IsCompletedSuccessfully)
            {
                return inline.Result;
            }

            return await Wait(inline.AsTask(), timeout, cancellationToken);
        }

        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            bound.CancelAfter(timeout);
        }

        CancellationToken token = bound.Token;
        Task<T> work = Task.Run(() => call(token).AsTask(), CancellationToken.None);
        try
        {
            return await Wait(work, timeout, cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The cache store did not answer within {timeout.TotalMilliseconds} ms.");
        }
    }

    private static Task<T> Wait<T>(Task<T> task, TimeSpan timeout, CancellationToken cancellationToken)
        => timeout == Timeout.InfiniteTimeSpan ? task.WaitAsync(cancellationToken) : task.WaitAsync(timeout, cancellationToken);
}
