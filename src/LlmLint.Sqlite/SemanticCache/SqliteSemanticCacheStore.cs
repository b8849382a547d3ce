using System.Runtime.InteropServices;
using LlmLint.Vectors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LlmLint.SemanticCache;

/// <summary>
/// A persistent <see cref="ISemanticCacheStore"/> on SQLite. Rows hold the partition, key text, the embedding as a
/// little-endian float32 BLOB, the payload, tags and expiry. The first use of a partition loads its rows into an
/// in-memory index (<see cref="InMemorySemanticCacheStore"/>); every later write goes to both, so searches never scan the table.
/// </summary>
/// <remarks>
/// <para>Thread-safe: one connection, serialised by a lock. Rows written by another process after a partition is loaded are
/// not seen until the store is re-opened. A partition keeps one row per key text (the newest answer wins).</para>
/// <para>Faults never stop the application: a file that cannot be opened (corrupt, not a database) makes every operation
/// throw, which <see cref="ResilientSemanticStore"/> turns into a counted bypass, and is retried on each operation; a row
/// that cannot be read (embedding of the wrong length, zero or non-finite) is skipped, counted in
/// <see cref="UnreadableEntries"/> and deleted; a file deleted or replaced under the running store, or a dropped table, is
/// reopened or re-created on the next operation and counted in <see cref="Recoveries"/>. A busy database waits at most one
/// second. The file is created readable by its owner only (0600 on Unix).</para>
/// </remarks>
public sealed partial class SqliteSemanticCacheStore : ISemanticCacheStore, IDisposable
{
    private const string Schema = """
        PRAGMA journal_mode=WAL;
        CREATE TABLE IF NOT EXISTS llmlint_semantic_cache (
            id INTEGER PRIMARY KEY,
            tenant TEXT NOT NULL, function TEXT NOT NULL, tier TEXT NOT NULL,
            key_text TEXT NOT NULL, dims INTEGER NOT NULL, embedding BLOB NOT NULL, payload BLOB NOT NULL,
            expires_at INTEGER NULL, created_at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS llmlint_semantic_cache_partition ON llmlint_semantic_cache (tenant, function, tier);
        CREATE TABLE IF NOT EXISTS llmlint_semantic_cache_tags (
            tag TEXT NOT NULL, entry_id INTEGER NOT NULL, PRIMARY KEY (tag, entry_id));
        CREATE INDEX IF NOT EXISTS llmlint_semantic_cache_tags_entry ON llmlint_semantic_cache_tags (entry_id);
        """;

    private readonly string _connectionString;
    private readonly string? _path;
    private readonly InMemorySemanticCacheStore _memory;
    private readonly HashSet<SemanticPartition> _loaded = new();
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private SqliteConnection? _connection;
    private long _identity;
    private long _recoveries;
    private long _unreadable;
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="SqliteSemanticCacheStore"/> class and creates its tables.</summary>
    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string, for example <c>Data Source=cache.db</c>.</param>
    /// <param name="dimensions">The embedding dimensionality.</param>
    /// <param name="options">The in-memory index options.</param>
    /// <param name="logger">The logger of faults (a corrupt or lost database file), or <see langword="null"/>.</param>
    /// <remarks>A database that cannot be opened does not make the constructor throw: it is logged at Error and the store is bypassed until it can be opened.</remarks>
    public SqliteSemanticCacheStore(string connectionString, int dimensions = 512, VectorCollectionOptions? options = null, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _memory = new InMemorySemanticCacheStore(dimensions, options);
        _time = options?.TimeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        Dimensions = dimensions;
        _path = SqliteFile.PathOf(connectionString);
        _connectionString = SqliteFile.WithShortBusyWait(connectionString);
        lock (_gate)
        {
            TryOpen();
        }
    }

    /// <inheritdoc/>
    public int Dimensions { get; }

    /// <summary>Gets the number of times the store re-created its table or reopened its database after it was lost (deleted, replaced, dropped).</summary>
    public long Recoveries => Interlocked.Read(ref _recoveries);

    /// <summary>Gets the number of rows that could not be read (embedding of the wrong length, zero or non-finite) and were deleted.</summary>
    public long UnreadableEntries => Interlocked.Read(ref _unreadable);

    /// <inheritdoc/>
    public ValueTask<long> AddAsync(SemanticPartition partition, string keyText, ReadOnlyMemory<float> vector, ReadOnlyMemory<byte> payload, IReadOnlyCollection<string>? tags = null, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        SemanticCacheStoreArguments.Check(partition, keyText, vector.Span, Dimensions, tags);
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<long>(Run(connection =>
        {
            EnsureLoaded(connection, partition);
            using SqliteTransaction tx = connection.BeginTransaction();
            using SqliteCommand insert = connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = """
                DELETE FROM llmlint_semantic_cache_tags WHERE entry_id IN (SELECT id FROM llmlint_semantic_cache
                  WHERE tenant = $tenant AND function = $function AND tier = $tier AND key_text = $key);
                DELETE FROM llmlint_semantic_cache WHERE tenant = $tenant AND function = $function AND tier = $tier AND key_text = $key;
                INSERT INTO llmlint_semantic_cache (tenant, function, tier, key_text, dims, embedding, payload, expires_at, created_at)
                VALUES ($tenant, $function, $tier, $key, $dims, $embedding, $payload, $expires, $created);
                SELECT last_insert_rowid();
                """;
            AddPartition(insert, partition);
            insert.Parameters.AddWithValue("$key", keyText);
            insert.Parameters.AddWithValue("$dims", Dimensions);
            insert.Parameters.AddWithValue("$embedding", MemoryMarshal.AsBytes(vector.Span).ToArray());
            insert.Parameters.AddWithValue("$payload", payload.ToArray());
            insert.Parameters.AddWithValue("$expires", expiresAt is { } e ? e.ToUnixTimeMilliseconds() : DBNull.Value);
            insert.Parameters.AddWithValue("$created", _time.GetUtcNow().ToUnixTimeMilliseconds());
            long id = (long)insert.ExecuteScalar()!;
            if (tags is not null)
            {
                foreach (string tag in tags)
                {
                    using SqliteCommand tagCommand = connection.CreateCommand();
                    tagCommand.Transaction = tx;
                    tagCommand.CommandText = "INSERT OR IGNORE INTO llmlint_semantic_cache_tags (tag, entry_id) VALUES ($tag, $id)";
                    tagCommand.Parameters.AddWithValue("$tag", tag);
                    tagCommand.Parameters.AddWithValue("$id", id);
                    tagCommand.ExecuteNonQuery();
                }
            }

            tx.Commit();
            _memory.AddWithId(partition, id, keyText, vector.Span, payload.ToArray(), tags, expiresAt);
            return id;
        }));
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<SemanticSearchResult>> SearchAsync(SemanticPartition partition, ReadOnlyMemory<float> vector, float threshold, int k, CancellationToken cancellationToken = default)
    {
        SemanticCacheStoreArguments.CheckSearch(partition, vector.Span, threshold, k, Dimensions);
        cancellationToken.ThrowIfCancellationRequested();
        Run(connection =>
        {
            EnsureLoaded(connection, partition);
            return 0;
        });
        return new ValueTask<IReadOnlyList<SemanticSearchResult>>(_memory.Search(partition, vector.Span, threshold, k));
    }

    /// <inheritdoc/>
    public ValueTask<bool> DeleteAsync(SemanticPartition partition, long id, CancellationToken cancellationToken = default)
    {
        SemanticCacheStoreArguments.CheckPartition(partition);
        return new ValueTask<bool>(Run(connection =>
        {
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = """
                DELETE FROM llmlint_semantic_cache_tags WHERE entry_id = $id
                  AND EXISTS (SELECT 1 FROM llmlint_semantic_cache WHERE id = $id AND tenant = $tenant AND function = $function AND tier = $tier);
                DELETE FROM llmlint_semantic_cache WHERE id = $id AND tenant = $tenant AND function = $function AND tier = $tier;
                SELECT changes();
                """;
            command.Parameters.AddWithValue("$id", id);
            AddPartition(command, partition);
            long changed = (long)command.ExecuteScalar()!;
            _memory.Delete(partition, id);
            return changed > 0;
        }));
    }

    /// <inheritdoc/>
    public async ValueTask<int> InvalidateTagAsync(string tag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tag);
        int removed = Run(connection =>
        {
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = """
                DELETE FROM llmlint_semantic_cache WHERE id IN (SELECT entry_id FROM llmlint_semantic_cache_tags WHERE tag = $tag);
                SELECT changes();
                """;
            command.Parameters.AddWithValue("$tag", tag);
            int count = (int)(long)command.ExecuteScalar()!;
            using SqliteCommand cleanup = connection.CreateCommand();
            cleanup.CommandText = "DELETE FROM llmlint_semantic_cache_tags WHERE entry_id NOT IN (SELECT id FROM llmlint_semantic_cache)";
            cleanup.ExecuteNonQuery();
            return count;
        });

        await _memory.InvalidateTagAsync(tag, cancellationToken);
        return removed;
    }

    /// <inheritdoc/>
    public async ValueTask<int> InvalidatePartitionAsync(SemanticPartition partition, CancellationToken cancellationToken = default)
    {
        SemanticCacheStoreArguments.CheckPartition(partition);
        int removed = Run(connection =>
        {
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = """
                DELETE FROM llmlint_semantic_cache_tags WHERE entry_id IN
                  (SELECT id FROM llmlint_semantic_cache WHERE tenant = $tenant AND function = $function AND tier = $tier);
                DELETE FROM llmlint_semantic_cache WHERE tenant = $tenant AND function = $function AND tier = $tier;
                SELECT changes();
                """;
            AddPartition(command, partition);
            int count = (int)(long)command.ExecuteScalar()!;
            _loaded.Remove(partition);
            return count;
        });

        await _memory.InvalidatePartitionAsync(partition, cancellationToken);
        return removed;
    }

    /// <inheritdoc/>
    public async ValueTask<int> SweepExpiredAsync(CancellationToken cancellationToken = default)
    {
        int removed = Run(connection =>
        {
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = """
                DELETE FROM llmlint_semantic_cache_tags WHERE entry_id IN
                  (SELECT id FROM llmlint_semantic_cache WHERE expires_at IS NOT NULL AND expires_at <= $now);
                DELETE FROM llmlint_semantic_cache WHERE expires_at IS NOT NULL AND expires_at <= $now;
                SELECT changes();
                """;
            command.Parameters.AddWithValue("$now", _time.GetUtcNow().ToUnixTimeMilliseconds());
            return (int)(long)command.ExecuteScalar()!;
        });

        await _memory.SweepExpiredAsync(cancellationToken);
        return removed;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _connection?.Dispose();
            _connection = null;
            _memory.Dispose();
        }
    }

    private static void AddPartition(SqliteCommand command, SemanticPartition partition)
    {
        command.Parameters.AddWithValue("$tenant", partition.Tenant);
        command.Parameters.AddWithValue("$function", partition.Function);
        command.Parameters.AddWithValue("$tier", partition.Tier);
    }

    private static bool IsMissingTable(SqliteException ex) => ex.SqliteErrorCode == 1 && ex.Message.Contains("no such table", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Runs <paramref name="work"/> under the lock on a connection to the current file: a file that was deleted or replaced is
    /// reopened first, and a missing table is re-created and the work retried once (each counted as a recovery).
    /// </summary>
    private T Run<T>(Func<SqliteConnection, T> work)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            for (int attempt = 0; ; attempt++)
            {
                SqliteConnection connection = CurrentConnection();
                try
                {
                    return work(connection);
                }
                catch (SqliteException ex) when (attempt == 0 && IsMissingTable(ex))
                {
                    LogRecovered(_logger, _path ?? "(memory)", "a table was missing");
                    Reset();
                }
            }
        }
    }

    private SqliteConnection CurrentConnection()
    {
        if (_connection is not null && _path is not null && SqliteFile.IdentityOf(_path) is var identity && identity != _identity)
        {
            LogRecovered(_logger, _path, identity is null ? "the file was deleted" : "the file was replaced");
            Reset();
        }

        if (_connection is null && !TryOpen())
        {
            throw new InvalidOperationException($"The semantic cache database '{_path ?? _connectionString}' cannot be opened; the cache is bypassed until it can be.");
        }

        return _connection!;
    }

    /// <summary>Drops the connection and the loaded index so that the next operation reopens (and re-creates) the database.</summary>
    private void Reset()
    {
        if (_connection is not null)
        {
            SqliteConnection.ClearPool(_connection);
            _connection.Dispose();
            _connection = null;
        }

        _loaded.Clear();
        _memory.Clear();
        Interlocked.Increment(ref _recoveries);
    }

    private bool TryOpen()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            PrivateFile.Create(_path);
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = Schema;
            command.ExecuteNonQuery();
            _connection = connection;
            _identity = _path is null ? 0 : SqliteFile.IdentityOf(_path) ?? 0;
            return true;
        }
        catch (Exception ex) when (ex is SqliteException or System.IO.IOException or UnauthorizedAccessException)
        {
            connection.Dispose();
            LogUnopenable(_logger, _path ?? _connectionString, ex.Message, ex);
            return false;
        }
    }

    private void EnsureLoaded(SqliteConnection connection, SemanticPartition partition)
    {
        if (!_loaded.Add(partition))
        {
            return;
        }

        try
        {
            var discard = new List<long>();
            int unreadable = 0;
            using (SqliteCommand command = connection.CreateCommand())
            {
                command.CommandText = """
                    SELECT e.id, e.key_text, e.dims, e.embedding, e.payload, e.expires_at,
                           (SELECT group_concat(t.tag, char(10)) FROM llmlint_semantic_cache_tags t WHERE t.entry_id = e.id)
                    FROM llmlint_semantic_cache e
                    WHERE e.tenant = $tenant AND e.function = $function AND e.tier = $tier
                      AND (e.expires_at IS NULL OR e.expires_at > $now)
                    ORDER BY e.id
                    """;
                AddPartition(command, partition);
                command.Parameters.AddWithValue("$now", _time.GetUtcNow().ToUnixTimeMilliseconds());
                using SqliteDataReader reader = command.ExecuteReader();
                while (reader.Read())
                {
                    if (reader.GetInt32(2) != Dimensions)
                    {
                        continue; // written with another embedding model
                    }

                    long id = reader.GetInt64(0);
                    byte[] blob = (byte[])reader.GetValue(3);
                    if (!IsReadableVector(blob))
                    {
                        discard.Add(id);
                        unreadable++;
                        continue;
                    }

                    DateTimeOffset? expires = reader.IsDBNull(5) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5));
                    string[]? tags = reader.IsDBNull(6) ? null : reader.GetString(6).Split('\n');
                    long superseded = _memory.AddWithId(partition, id, reader.GetString(1), MemoryMarshal.Cast<byte, float>(blob), (byte[])reader.GetValue(4), tags, expires);
                    if (superseded >= 0)
                    {
                        discard.Add(superseded); // a duplicate key text written before rows were merged on write
                    }
                }
            }

            foreach (long id in discard)
            {
                DeleteRow(connection, id);
            }

            Interlocked.Add(ref _unreadable, unreadable);
            if (discard.Count > 0)
            {
                LogRowsDiscarded(_logger, discard.Count, partition.ToString());
            }
        }
        catch
        {
            _loaded.Remove(partition);
            throw;
        }
    }

    private bool IsReadableVector(byte[] blob)
    {
        if (blob.Length != Dimensions * sizeof(float))
        {
            return false;
        }

        ReadOnlySpan<float> vector = MemoryMarshal.Cast<byte, float>(blob);
        bool nonZero = false;
        foreach (float x in vector)
        {
            if (!float.IsFinite(x))
            {
                return false;
            }

            nonZero |= x != 0;
        }

        return nonZero;
    }

    private static void DeleteRow(SqliteConnection connection, long id)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "DELETE FROM llmlint_semantic_cache_tags WHERE entry_id = $id; DELETE FROM llmlint_semantic_cache WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id);
        command.ExecuteNonQuery();
    }

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "The semantic cache database '{Path}' cannot be opened ({Reason}); the semantic cache is bypassed until the file is repaired, replaced or removed")]
    private static partial void LogUnopenable(ILogger logger, string path, string reason, Exception exception);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "The semantic cache database '{Path}' was reopened because {Reason}; entries written before are lost")]
    private static partial void LogRecovered(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "{Count} unreadable or duplicate semantic cache rows of partition {Partition} were skipped and deleted")]
    private static partial void LogRowsDiscarded(ILogger logger, int count, string partition);
}
