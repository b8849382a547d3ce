using System.Threading.Tasks;

namespace LlmLint;

/// <summary>
/// The runtime handle that generated LLM functions call, and that application code may use directly:
/// one <see cref="IChatClient"/> per <see cref="Tier"/>, wrapped in LlmLint's pipeline (caching, metering).
/// </summary>
/// <remarks>Implementations are thread-safe.</remarks>
public interface ILlmRuntime
{
    /// <summary>Gets the client registered for <paramref name="tier"/>, wrapped in the runtime's pipeline.</summary>
    /// <param name="tier">The tier.</param>
    /// <returns>The client.</returns>
    /// <exception cref="System.InvalidOperationException">No client is registered for <paramref name="tier"/> or any larger tier.</exception>
    IChatClient GetClient(Tier tier);

    /// <summary>
    /// Runs one call of an LLM function: serves it from the cache when allowed, otherwise sends it to the request's tier
    /// (or down its cascade), parses and validates the answer, and caches an accepted answer.
    /// </summary>
    /// <typeparam name="T">The function's result type.</typeparam>
    /// <param name="request">The rendered request.</param>
    /// <param name="parser">Parses and validates the answer text; a failure escalates in a cascade.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The parsed, validated answer.</returns>
    /// <exception cref="LlmResultValidationException">The last tier's answer failed validation.</exception>
    Task<T> InvokeAsync<T>(LlmFunctionRequest request, LlmResultParser<T> parser, CancellationToken cancellationToken = default);

    /// <summary>Streams the text of one call of an LLM function from the request's tier (the first tier of a cascade).</summary>
    /// <param name="request">The rendered request.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The text updates as they arrive.</returns>
    IAsyncEnumerable<string> StreamAsync(LlmFunctionRequest request, CancellationToken cancellationToken = default);
}
