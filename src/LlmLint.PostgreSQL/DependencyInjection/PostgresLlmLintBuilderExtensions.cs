using LlmLint.Metering;

namespace LlmLint.DependencyInjection;

/// <summary>Registers LlmLint's PostgreSQL stores on an <see cref="LlmLintBuilder"/>.</summary>
public static class PostgresLlmLintBuilderExtensions
{
    /// <summary>Uses PostgreSQL as the exact cache's store, shared by every instance of the app (<see cref="PostgresLlmCacheStore"/>).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="options">The connection options.</param>
    /// <returns>The builder.</returns>
    public static LlmLintBuilder UsePostgresCache(this LlmLintBuilder builder, PostgresStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseCacheStore(new PostgresLlmCacheStore(options));
    }

    /// <summary>Records every call in a cost ledger in PostgreSQL, shared by every instance of the app (<see cref="PostgresCostLedger"/>).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="options">The connection options.</param>
    /// <returns>The builder.</returns>
    public static LlmLintBuilder UsePostgresCostLedger(this LlmLintBuilder builder, PostgresStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseCostLedger(new PostgresCostLedger(options));
    }
}
