namespace LlmLint.Batching;

/// <summary>Adds the batch stage to a <see cref="ChatClientBuilder"/>.</summary>
public static class BatchingChatClientBuilderExtensions
{
    /// <summary>
    /// Sends the requests of this pipeline to the provider's batch API through <paramref name="executor"/> (about half the
    /// price; the call completes when the batch ends). Put <c>UseCostMetering()</c> before it so the cost is recorded at the
    /// batch rate.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="executor">The executor (one per provider and queue; dispose it at shutdown).</param>
    /// <param name="markedOnly"><see langword="true"/> to batch only requests marked <see cref="LlmLint.LlmLintPropertyKeys.Batch"/> (<c>[Batch]</c> functions) and pass the others on.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static ChatClientBuilder UseBatching(this ChatClientBuilder builder, BatchExecutor executor, bool markedOnly = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(executor);
        return builder.Use(inner => new BatchingChatClient(inner, executor, markedOnly));
    }
}
