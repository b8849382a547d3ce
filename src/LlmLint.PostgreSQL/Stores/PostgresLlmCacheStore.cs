namespace LlmLint.Stores;

/// <summary>A store in PostgreSQL, shared by every instance of an application (table <c>llmlint_cache</c> by default, created when missing).</summary>
/// <remarks>
/// Thread-safe. Set <see cref="PostgresStoreOptions.SerializeConnections"/> for servers that accept one connection. A table that
/// disappears (dropped, or a server replaced by an empty one) is created again on the next operation and counted in <see cref="Recoveries"/>.
/// </remarks>
public sealed class PostgresLlmCacheStore : ILlmCacheStore, IAsyncDisposable
{
    private readonly PostgresConnectionGate _gate;
    private readonly string _get;
    private readonly string _set;
    private readonly string _remove;
    private readonly string _purge;

    /// <summary>Initializes a new instance of the <see cref="PostgresLlmCacheStore"/> class.</summary>
    /// <param name="options">The connection options.</param>
    public PostgresLlmCacheStore(PostgresStoreOptions options)
    {
        _gate = new PostgresConnectionGate(
            options,
            "llmlint_cache",
            t => $"CREATE TABLE IF NOT EXISTS {t} (key text PRIMARY KEY, value bytea NOT NULL, expires_at timestamptz NOT NULL)",
            nameof(options));
        string t = _gate.Table;
        _get = $"SELECT value FROM {t} WHERE key = $1 AND expires_at > now()";
        _set = $"INSERT INTO {t} (key, value, expires_at) VALUES ($1, $2, now() + $3) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at";
        _remove = $"DELETE FROM {t} WHERE key = $1";
        _purge = $"DELETE FROM {t} WHERE expires_at <= now()";
    }

    /// <summary>Gets the number of times the store re-created its table or reopened its database after it was lost (deleted, replaced, dropped).</summary>
    public long Recoveries => _gate.Recoveries;

    /// <inheritdoc />
    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return await _gate.RunAsync(
            async (connection, ct) =>
            {
                await using var command = new NpgsqlCommand(_get, connection);
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
                return await command.ExecuteScalarAsync(ct) as byte[];
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        LlmCacheStoreArguments.Check(key, ttl);
        byte[] bytes = value.ToArray();
        await _gate.RunAsync(
            async (connection, ct) =>
            {
                await using var command = new NpgsqlCommand(_set, connection);
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
                command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = bytes, NpgsqlDbType = NpgsqlDbType.Bytea });
                command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = ttl, NpgsqlDbType = NpgsqlDbType.Interval });
                return await command.ExecuteNonQueryAsync(ct);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask RemoveAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        await _gate.RunAsync(
            async (connection, ct) =>
            {
                await using var command = new NpgsqlCommand(_remove, connection);
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
                return await command.ExecuteNonQueryAsync(ct);
            },
            cancellationToken);
    }

    /// <summary>Deletes expired rows.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The number of rows deleted.</returns>
    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken = default)
    {
        return await _gate.RunAsync(
            async (connection, ct) =>
            {
                await using var command = new NpgsqlCommand(_purge, connection);
                return await command.ExecuteNonQueryAsync(ct);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _gate.DisposeAsync();
}
