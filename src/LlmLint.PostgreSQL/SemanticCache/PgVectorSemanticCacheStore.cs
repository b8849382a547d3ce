using System.Globalization;
using Pgvector;
using Pgvector.Npgsql;

namespace LlmLint.SemanticCache;

/// <summary>Options of a <see cref="PgVectorSemanticCacheStore"/>.</summary>
public sealed class PgVectorStoreOptions
{
    /// <summary>Gets or sets the Npgsql connection string.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Gets or sets the table name (letters, digits and underscores). Default <c>llmlint_semantic_cache</c>.</summary>
    public string Table { get; set; } = "llmlint_semantic_cache";

    /// <summary>Gets or sets the embedding dimensionality (the column is <c>vector(Dimensions)</c>). Default 512.</summary>
    public int Dimensions { get; set; } = 512;

    /// <summary>
    /// Gets or sets a value indicating whether the store uses one connection at a time (kept open and shared under a
    /// lock). Needed for servers that accept a single connection, such as PGlite. Default false (one pooled connection per call).
    /// </summary>
    internal bool SerializeConnections { get; set; }

    /// <summary>Gets or sets the HNSW <c>ef_search</c> used by queries (0 keeps the server default).</summary>
    public int EfSearch { get; set; }

    /// <summary>Gets or sets the clock that decides expiry.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}

/// <summary>
/// An <see cref="ISemanticCacheStore"/> on PostgreSQL with pgvector: a table with an <c>embedding vector(N)</c> column and an
/// HNSW index <c>USING hnsw (embedding vector_cosine_ops)</c>; every query filters by all three partition columns and orders
/// by <c>embedding &lt;=&gt; $query</c>. Vectors travel in pgvector's binary format as the Pgvector package's
/// <see cref="Vector"/> type (the data source maps it with <c>UseVector</c>).
/// </summary>
/// <remarks>
/// Thread-safe. With <see cref="PgVectorStoreOptions.SerializeConnections"/> calls run one at a time. A partition keeps one row
/// per key text (the newest answer wins). A table that disappears (dropped, or a server replaced by an empty one) is created
/// again on the next operation and counted in <see cref="Recoveries"/>.
/// </remarks>
public sealed class PgVectorSemanticCacheStore : ISemanticCacheStore, IAsyncDisposable
{
    private readonly PgVectorStoreOptions _options;
    private readonly NpgsqlDataSource _dataSource;
    private readonly SemaphoreSlim? _serial;
    private readonly string _table;
    private NpgsqlConnection? _shared;
    private int _initialized;
    private long _recoveries;

    /// <summary>Initializes a new instance of the <see cref="PgVectorSemanticCacheStore"/> class.</summary>
    /// <param name="options">The options; the connection string is required.</param>
    public PgVectorSemanticCacheStore(PgVectorStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new ArgumentException("PgVectorStoreOptions.ConnectionString is required.", nameof(options));
        }

        if (options.Dimensions is <= 0 or > 16000)
        {
            throw new ArgumentException($"PgVectorStoreOptions.Dimensions must be within 1..16000 (was {options.Dimensions}).", nameof(options));
        }

        foreach (char c in options.Table)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                throw new ArgumentException($"PgVectorStoreOptions.Table '{options.Table}' may contain only ASCII letters, digits and underscores.", nameof(options));
            }
        }

        if (options.Table.Length == 0 || char.IsAsciiDigit(options.Table[0]))
        {
            throw new ArgumentException("PgVectorStoreOptions.Table must be a non-empty identifier that does not start with a digit.", nameof(options));
        }

        _options = options;
        _table = options.Table;
        var dataSource = new NpgsqlDataSourceBuilder(options.ConnectionString);
        dataSource.UseVector();
        _dataSource = dataSource.Build();
        _serial = options.SerializeConnections ? new SemaphoreSlim(1, 1) : null;
        Dimensions = options.Dimensions;
    }

    /// <inheritdoc/>
    public int Dimensions { get; }

    /// <summary>Gets the number of times the store re-created its table or reopened its database after it was lost (deleted, replaced, dropped).</summary>
    public long Recoveries => Interlocked.Read(ref _recoveries);

    /// <summary>Creates the extension, table and indexes if they do not exist (called on first use).</summary>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>A task.</returns>
    public Task InitializeAsync(CancellationToken cancellationToken = default)
        => RunAsync(static (_, _) => Task.FromResult(0), cancellationToken);

    /// <inheritdoc/>
    public async ValueTask<long> AddAsync(SemanticPartition partition, string keyText, ReadOnlyMemory<float> vector, ReadOnlyMemory<byte> payload, IReadOnlyCollection<string>? tags = null, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        SemanticCacheStoreArguments.Check(partition, keyText, vector.Span, Dimensions, tags);
        var embedding = new Vector(vector);
        string[] tagArray = tags is null ? Array.Empty<string>() : new List<string>(tags).ToArray();
        byte[] bytes = payload.ToArray();
        return await RunAsync(
            async (connection, ct) =>
            {
                // One row per key text in a partition: the newest answer replaces the older one.
                await using var command = new NpgsqlCommand(
                    $"WITH replaced AS (DELETE FROM {_table} WHERE tenant = @tenant AND function = @function AND tier = @tier AND key_text = @key) " +
                    $"INSERT INTO {_table} (tenant, function, tier, key_text, embedding, payload, tags, expires_at) " +
                    "VALUES (@tenant, @function, @tier, @key, @embedding, @payload, @tags, @expires) RETURNING id",
                    connection);
                AddPartition(command, partition);
                command.Parameters.AddWithValue("key", keyText);
                command.Parameters.AddWithValue("embedding", embedding);
                command.Parameters.AddWithValue("payload", bytes);
                command.Parameters.AddWithValue("tags", tagArray);
                command.Parameters.AddWithValue("expires", expiresAt is { } e ? e.ToUnixTimeMilliseconds() : DBNull.Value);
                return (long)(await command.ExecuteScalarAsync(ct))!;
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<SemanticSearchResult>> SearchAsync(SemanticPartition partition, ReadOnlyMemory<float> vector, float threshold, int k, CancellationToken cancellationToken = default)
    {
        SemanticCacheStoreArguments.CheckSearch(partition, vector.Span, threshold, k, Dimensions);
        var query = new Vector(vector);
        long now = _options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        return await RunAsync<IReadOnlyList<SemanticSearchResult>>(
            async (connection, ct) =>
            {
                if (_options.EfSearch > 0)
                {
                    await using var set = new NpgsqlCommand(string.Create(CultureInfo.InvariantCulture, $"SET hnsw.ef_search = {_options.EfSearch}"), connection);
                    await set.ExecuteNonQueryAsync(ct);
                }

                await using var command = new NpgsqlCommand(
                    $"SELECT id, key_text, payload, tags, expires_at, 1 - (embedding <=> @query) AS similarity FROM {_table} " +
                    "WHERE tenant = @tenant AND function = @function AND tier = @tier AND (expires_at IS NULL OR expires_at > @now) " +
                    "ORDER BY embedding <=> @query LIMIT @k",
                    connection);
                AddPartition(command, partition);
                command.Parameters.AddWithValue("query", query);
                command.Parameters.AddWithValue("now", now);
                command.Parameters.AddWithValue("k", k);
                var results = new List<SemanticSearchResult>(k);
                await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    float similarity = (float)reader.GetDouble(5);
                    if (similarity < threshold)
                    {
                        continue;
                    }

                    DateTimeOffset? expires = reader.IsDBNull(4) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4));
                    results.Add(new SemanticSearchResult(reader.GetInt64(0), partition, reader.GetString(1), (byte[])reader.GetValue(2), (string[])reader.GetValue(3), expires, similarity));
                }

                return results;
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public async ValueTask<bool> DeleteAsync(SemanticPartition partition, long id, CancellationToken cancellationToken = default)
    {
        SemanticCacheStoreArguments.CheckPartition(partition);
        int changed = await RunAsync(
            async (connection, ct) =>
            {
                await using var command = new NpgsqlCommand($"DELETE FROM {_table} WHERE id = @id AND tenant = @tenant AND function = @function AND tier = @tier", connection);
                command.Parameters.AddWithValue("id", id);
                AddPartition(command, partition);
                return await command.ExecuteNonQueryAsync(ct);
            },
            cancellationToken);
        return changed > 0;
    }

    /// <inheritdoc/>
    public ValueTask<int> InvalidateTagAsync(string tag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tag);
        return new ValueTask<int>(RunAsync(
            async (connection, ct) =>
            {
                await using var command = new NpgsqlCommand($"DELETE FROM {_table} WHERE tags @> ARRAY[@tag]::text[]", connection);
                command.Parameters.AddWithValue("tag", tag);
                return await command.ExecuteNonQueryAsync(ct);
            },
            cancellationToken));
    }

    /// <inheritdoc/>
    public ValueTask<int> InvalidatePartitionAsync(SemanticPartition partition, CancellationToken cancellationToken = default)
    {
        SemanticCacheStoreArguments.CheckPartition(partition);
        return new ValueTask<int>(RunAsync(
            async (connection, ct) =>
            {
                await using var command = new NpgsqlCommand($"DELETE FROM {_table} WHERE tenant = @tenant AND function = @function AND tier = @tier", connection);
                AddPartition(command, partition);
                return await command.ExecuteNonQueryAsync(ct);
            },
            cancellationToken));
    }

    /// <inheritdoc/>
    public ValueTask<int> SweepExpiredAsync(CancellationToken cancellationToken = default)
    {
        long now = _options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        return new ValueTask<int>(RunAsync(
            async (connection, ct) =>
            {
                await using var command = new NpgsqlCommand($"DELETE FROM {_table} WHERE expires_at IS NOT NULL AND expires_at <= @now", connection);
                command.Parameters.AddWithValue("now", now);
                return await command.ExecuteNonQueryAsync(ct);
            },
            cancellationToken));
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_shared is not null)
        {
            await _shared.DisposeAsync();
        }

        await _dataSource.DisposeAsync();
        _serial?.Dispose();
    }

    private static void AddPartition(NpgsqlCommand command, SemanticPartition partition)
    {
        command.Parameters.AddWithValue("tenant", partition.Tenant);
        command.Parameters.AddWithValue("function", partition.Function);
        command.Parameters.AddWithValue("tier", partition.Tier);
    }

    /// <summary>
    /// Runs <paramref name="work"/>; when the table (or the vector type) is missing — dropped, or the server was replaced by
    /// an empty one — the schema is created again and the work retried once, and the recovery is counted.
    /// </summary>
    private async Task<T> RunAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            return await RunOnceAsync(work, cancellationToken);
        }
        catch (PostgresException ex) when (LlmLint.Stores.PostgresConnectionGate.IsMissingSchema(ex))
        {
            Volatile.Write(ref _initialized, 0);
            Interlocked.Increment(ref _recoveries);
            return await RunOnceAsync(work, cancellationToken);
        }
    }

    private async Task<T> RunOnceAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        if (_serial is null)
        {
            await using NpgsqlConnection connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await EnsureSchemaAsync(connection, cancellationToken);
            return await work(connection, cancellationToken);
        }

        await _serial.WaitAsync(cancellationToken);
        try
        {
            if (_shared is null || _shared.State != System.Data.ConnectionState.Open)
            {
                if (_shared is not null)
                {
                    await _shared.DisposeAsync();
                }

                _shared = null;
                _shared = await _dataSource.OpenConnectionAsync(cancellationToken);
            }

            await EnsureSchemaAsync(_shared, cancellationToken);
            return await work(_shared, cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or System.IO.IOException or TimeoutException)
        {
            // Drop a broken shared connection so the next call reconnects.
            if (_shared is not null)
            {
                await _shared.DisposeAsync();
                _shared = null;
            }

            throw;
        }
        finally
        {
            _serial.Release();
        }
    }

    private async Task EnsureSchemaAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _initialized) == 1)
        {
            return;
        }

        string sql = string.Create(CultureInfo.InvariantCulture, $"""
            CREATE EXTENSION IF NOT EXISTS vector;
            CREATE TABLE IF NOT EXISTS {_table} (
                id BIGSERIAL PRIMARY KEY,
                tenant TEXT NOT NULL, function TEXT NOT NULL, tier TEXT NOT NULL,
                key_text TEXT NOT NULL,
                embedding vector({Dimensions}) NOT NULL,
                payload BYTEA NOT NULL,
                tags TEXT[] NOT NULL DEFAULT ARRAY[]::text[],
                expires_at BIGINT NULL,
                created_at TIMESTAMPTZ NOT NULL DEFAULT now());
            CREATE INDEX IF NOT EXISTS {_table}_embedding_hnsw ON {_table} USING hnsw (embedding vector_cosine_ops);
            CREATE INDEX IF NOT EXISTS {_table}_partition ON {_table} (tenant, function, tier);
            CREATE INDEX IF NOT EXISTS {_table}_tags ON {_table} USING gin (tags);
            """);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        // The vector type may have just been created (or re-created on a replaced server): load its type id.
        await connection.ReloadTypesAsync(cancellationToken);
        Volatile.Write(ref _initialized, 1);
    }
}
