namespace LlmLint.Stores;

/// <summary>An embedded, persistent store in one SQLite file (table <c>llmlint_cache</c>, created when missing).</summary>
/// <remarks>
/// Thread-safe: each operation opens a pooled connection. Expired rows are ignored on read and deleted by <see cref="PurgeExpiredAsync"/>.
/// The file is created readable by its owner only (0600 on Unix). A busy database (locked by another connection) is waited for
/// at most one second. A file deleted or replaced while the store runs is noticed on the next operation: the store reopens
/// (and re-creates) it and counts a <see cref="Recoveries">recovery</see>.
/// </remarks>
public sealed class SqliteLlmCacheStore : ILlmCacheStore
{
    private const string Schema = "PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS llmlint_cache(key TEXT PRIMARY KEY NOT NULL, value BLOB NOT NULL, expires INTEGER NOT NULL)";
    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance of the <see cref="SqliteLlmCacheStore"/> class.</summary>
    /// <param name="path">The database file; created when missing.</param>
    /// <param name="timeProvider">The clock, or <see langword="null"/> for the system clock.</param>
    public SqliteLlmCacheStore(string path, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _database = new SqliteDatabase(path, Schema);
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets the number of times the store re-created its table or reopened its database after it was lost (deleted, replaced, dropped).</summary>
    public long Recoveries => _database.Recoveries;

    /// <inheritdoc />
    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return await RunAsync(
            async (command, ct) =>
            {
                command.CommandText = "SELECT value FROM llmlint_cache WHERE key = $key AND expires > $now";
                command.Parameters.AddWithValue("$key", key);
                command.Parameters.AddWithValue("$now", _time.GetUtcNow().UtcTicks);
                return await command.ExecuteScalarAsync(ct) as byte[];
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        LlmCacheStoreArguments.Check(key, ttl);
        byte[] bytes = value.ToArray();
        await RunAsync(
            (command, ct) =>
            {
                command.CommandText = "INSERT INTO llmlint_cache(key, value, expires) VALUES($key, $value, $expires) ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires = excluded.expires";
                command.Parameters.AddWithValue("$key", key);
                command.Parameters.AddWithValue("$value", bytes);
                command.Parameters.AddWithValue("$expires", _time.GetUtcNow().UtcTicks + ttl.Ticks);
                return command.ExecuteNonQueryAsync(ct);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask RemoveAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        await RunAsync(
            (command, ct) =>
            {
                command.CommandText = "DELETE FROM llmlint_cache WHERE key = $key";
                command.Parameters.AddWithValue("$key", key);
                return command.ExecuteNonQueryAsync(ct);
            },
            cancellationToken);
    }

    /// <summary>Deletes expired rows.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The number of rows deleted.</returns>
    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken = default)
    {
        return await RunAsync(
            (command, ct) =>
            {
                command.CommandText = "DELETE FROM llmlint_cache WHERE expires <= $now";
                command.Parameters.AddWithValue("$now", _time.GetUtcNow().UtcTicks);
                return command.ExecuteNonQueryAsync(ct);
            },
            cancellationToken);
    }

    private Task<T> RunAsync<T>(Func<SqliteCommand, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        _database.RunAsync(work, cancellationToken);
}
