using System.Collections.Concurrent;
using System.Threading.Tasks;

namespace LlmLint.SemanticCache;

/// <summary>
/// In-process single-flight of semantic misses: the first caller of a key (partition and normalised key text) leads and
/// asks the model; callers of the same key that arrive meanwhile wait for the leader's stored payload instead of making
/// their own call.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class SemanticFlights
{
    private readonly ConcurrentDictionary<string, Task<byte[]?>> _inflight = new(System.StringComparer.Ordinal);

    /// <summary>Joins the flight of <paramref name="key"/>, or starts it.</summary>
    /// <param name="key">The flight key.</param>
    /// <param name="lead">The completion to set when this caller leads; <see langword="null"/> when it follows.</param>
    /// <returns>The leader's task: its payload when the answer was cached, <see langword="null"/> when it was not cacheable.</returns>
    public Task<byte[]?> Join(string key, out TaskCompletionSource<byte[]?>? lead)
    {
        var flight = new TaskCompletionSource<byte[]?>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<byte[]?> shared = _inflight.GetOrAdd(key, flight.Task);
        lead = shared == flight.Task ? flight : null;
        return shared;
    }

    /// <summary>Ends the flight that <paramref name="lead"/> leads.</summary>
    /// <param name="key">The flight key.</param>
    /// <param name="lead">The leader's completion.</param>
    public void Land(string key, TaskCompletionSource<byte[]?> lead)
        => _inflight.TryRemove(new KeyValuePair<string, Task<byte[]?>>(key, lead.Task));
}
