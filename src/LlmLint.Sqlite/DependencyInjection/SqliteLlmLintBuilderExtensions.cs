using LlmLint.Metering;

namespace LlmLint.DependencyInjection;

/// <summary>Registers LlmLint's SQLite stores on an <see cref="LlmLintBuilder"/>.</summary>
public static class SqliteLlmLintBuilderExtensions
{
    /// <summary>Uses a SQLite file as the exact cache's store (<see cref="SqliteLlmCacheStore"/>).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="path">The database file; created owner-only when missing.</param>
    /// <returns>The builder.</returns>
    public static LlmLintBuilder UseSqliteCache(this LlmLintBuilder builder, string path)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseCacheStore(new SqliteLlmCacheStore(path));
    }

    /// <summary>Records every call in a cost ledger in a SQLite file (<see cref="SqliteCostLedger"/>).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="path">The database file; created owner-only when missing.</param>
    /// <returns>The builder.</returns>
    public static LlmLintBuilder UseSqliteCostLedger(this LlmLintBuilder builder, string path)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseCostLedger(new SqliteCostLedger(path));
    }
}
