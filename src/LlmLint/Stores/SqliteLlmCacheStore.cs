using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace LlmLint.Stores;

/// <summary>An embedded, persistent store in one SQLite file (table <c>llmlint_cache</c>, created when missing).</summary>
/// <remarks>Thread-safe: each operation opens a pooled connection. Expired rows are ignored on read and deleted by <see cref="PurgeExpiredAsync"/>.</remarks>
public sealed class SqliteLlmCacheStore : ILlmCacheStore
{
    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _init = new(1, 1);
    private volatile bool _initialized;

    /// <summary>Initializes a new instance of the <see cref="SqliteLlmCacheStore"/> class.</summary>
    /// <param name="path">The database file; created when missing.</param>
    /// <param name="timeProvider">The clock, or <see langword="null"/> for the system clock.</param>
    public SqliteLlmCacheStore(string path, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString();
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        await using SqliteConnection connection = await OpenAsync(cancellationToken);
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM llmlint_cache WHERE key = $key AND expires > $now";
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$now", _time.GetUtcNow().UtcTicks);
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    /// <inheritdoc />
    public async ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        StoreArgs.Check(key, ttl);
        await using SqliteConnection connection = await OpenAsync(cancellationToken);
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "INSERT INTO llmlint_cache(key, value, expires) VALUES($key, $value, $expires) ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires = excluded.expires";
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$value", value.ToArray());
        command.Parameters.AddWithValue("$expires", _time.GetUtcNow().UtcTicks + ttl.Ticks);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask RemoveAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        await using SqliteConnection connection = await OpenAsync(cancellationToken);
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "DELETE FROM llmlint_cache WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Deletes expired rows.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The number of rows deleted.</returns>
    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken = default)
    {
        await using SqliteConnection connection = await OpenAsync(cancellationToken);
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "DELETE FROM llmlint_cache WHERE expires <= $now";
        command.Parameters.AddWithValue("$now", _time.GetUtcNow().UtcTicks);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (!_initialized)
            {
                await _init.WaitAsync(cancellationToken);
                try
                {
                    if (!_initialized)
                    {
                        await using SqliteCommand create = connection.CreateCommand();
                        create.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS llmlint_cache(key TEXT PRIMARY KEY NOT NULL, value BLOB NOT NULL, expires INTEGER NOT NULL)";
                        await create.ExecuteNonQueryAsync(cancellationToken);
                        _initialized = true;
                    }
                }
                finally
                {
                    _init.Release();
                }
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
