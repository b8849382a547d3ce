using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Vectors;
using Microsoft.Data.Sqlite;

namespace LlmLint.SemanticCache;

/// <summary>
/// A persistent <see cref="ISemanticCacheStore"/> on SQLite. Rows hold the partition, key text, the embedding as a
/// little-endian float32 BLOB, the payload, tags and expiry. The first use of a partition loads its rows into an
/// in-memory index (<see cref="InMemorySemanticCacheStore"/>); every later write goes to both, so searches never scan the table.
/// </summary>
/// <remarks>
/// Thread-safe: one connection, serialised by a lock. Rows written by another process after a partition is loaded are
/// not seen until the store is re-opened.
/// </remarks>
public sealed class SqliteSemanticCacheStore : ISemanticCacheStore, IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly InMemorySemanticCacheStore _memory;
    private readonly HashSet<SemanticPartition> _loaded = new();
    private readonly object _gate = new();
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance of the <see cref="SqliteSemanticCacheStore"/> class and creates its tables.</summary>
    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string, for example <c>Data Source=cache.db</c>.</param>
    /// <param name="dimensions">The embedding dimensionality.</param>
    /// <param name="options">The in-memory index options.</param>
    public SqliteSemanticCacheStore(string connectionString, int dimensions = 512, VectorCollectionOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _memory = new InMemorySemanticCacheStore(dimensions, options);
        _time = options?.TimeProvider ?? TimeProvider.System;
        Dimensions = dimensions;
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        Execute("""
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
            """);
    }

    /// <inheritdoc/>
    public int Dimensions { get; }

    /// <inheritdoc/>
    public ValueTask<long> AddAsync(SemanticPartition partition, string keyText, ReadOnlyMemory<float> vector, ReadOnlyMemory<byte> payload, IReadOnlyCollection<string>? tags = null, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        StoreArguments.Check(partition, keyText, vector, Dimensions);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            EnsureLoaded(partition);
            using SqliteTransaction tx = _connection.BeginTransaction();
            using SqliteCommand insert = _connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = """
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
                    using SqliteCommand tagCommand = _connection.CreateCommand();
                    tagCommand.Transaction = tx;
                    tagCommand.CommandText = "INSERT OR IGNORE INTO llmlint_semantic_cache_tags (tag, entry_id) VALUES ($tag, $id)";
                    tagCommand.Parameters.AddWithValue("$tag", tag ?? throw new ArgumentException("A tag is null.", nameof(tags)));
                    tagCommand.Parameters.AddWithValue("$id", id);
                    tagCommand.ExecuteNonQuery();
                }
            }

            tx.Commit();
            _memory.AddWithId(partition, id, keyText, vector.Span, payload.ToArray(), tags, expiresAt);
            return new ValueTask<long>(id);
        }
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<SemanticSearchResult>> SearchAsync(SemanticPartition partition, ReadOnlyMemory<float> vector, float threshold, int k, CancellationToken cancellationToken = default)
    {
        StoreArguments.CheckSearch(partition, vector, threshold, k, Dimensions);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            EnsureLoaded(partition);
        }

        return new ValueTask<IReadOnlyList<SemanticSearchResult>>(_memory.Search(partition, vector.Span, threshold, k));
    }

    /// <inheritdoc/>
    public ValueTask<bool> DeleteAsync(SemanticPartition partition, long id, CancellationToken cancellationToken = default)
    {
        SemanticPartition.Validate(partition, nameof(partition));
        lock (_gate)
        {
            using SqliteCommand command = _connection.CreateCommand();
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
            return new ValueTask<bool>(changed > 0);
        }
    }

    /// <inheritdoc/>
    public async ValueTask<int> InvalidateTagAsync(string tag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tag);
        int removed;
        lock (_gate)
        {
            using SqliteCommand command = _connection.CreateCommand();
            command.CommandText = """
                DELETE FROM llmlint_semantic_cache WHERE id IN (SELECT entry_id FROM llmlint_semantic_cache_tags WHERE tag = $tag);
                SELECT changes();
                """;
            command.Parameters.AddWithValue("$tag", tag);
            removed = (int)(long)command.ExecuteScalar()!;
            using SqliteCommand cleanup = _connection.CreateCommand();
            cleanup.CommandText = "DELETE FROM llmlint_semantic_cache_tags WHERE entry_id NOT IN (SELECT id FROM llmlint_semantic_cache)";
            cleanup.ExecuteNonQuery();
        }

        await _memory.InvalidateTagAsync(tag, cancellationToken);
        return removed;
    }

    /// <inheritdoc/>
    public async ValueTask<int> InvalidatePartitionAsync(SemanticPartition partition, CancellationToken cancellationToken = default)
    {
        SemanticPartition.Validate(partition, nameof(partition));
        int removed;
        lock (_gate)
        {
            using SqliteCommand command = _connection.CreateCommand();
            command.CommandText = """
                DELETE FROM llmlint_semantic_cache_tags WHERE entry_id IN
                  (SELECT id FROM llmlint_semantic_cache WHERE tenant = $tenant AND function = $function AND tier = $tier);
                DELETE FROM llmlint_semantic_cache WHERE tenant = $tenant AND function = $function AND tier = $tier;
                SELECT changes();
                """;
            AddPartition(command, partition);
            removed = (int)(long)command.ExecuteScalar()!;
            _loaded.Remove(partition);
        }

        await _memory.InvalidatePartitionAsync(partition, cancellationToken);
        return removed;
    }

    /// <inheritdoc/>
    public async ValueTask<int> SweepExpiredAsync(CancellationToken cancellationToken = default)
    {
        int removed;
        lock (_gate)
        {
            using SqliteCommand command = _connection.CreateCommand();
            command.CommandText = """
                DELETE FROM llmlint_semantic_cache_tags WHERE entry_id IN
                  (SELECT id FROM llmlint_semantic_cache WHERE expires_at IS NOT NULL AND expires_at <= $now);
                DELETE FROM llmlint_semantic_cache WHERE expires_at IS NOT NULL AND expires_at <= $now;
                SELECT changes();
                """;
            command.Parameters.AddWithValue("$now", _time.GetUtcNow().ToUnixTimeMilliseconds());
            removed = (int)(long)command.ExecuteScalar()!;
        }

        await _memory.SweepExpiredAsync(cancellationToken);
        return removed;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_gate)
        {
            _connection.Dispose();
            _memory.Dispose();
        }
    }

    private static void AddPartition(SqliteCommand command, SemanticPartition partition)
    {
        command.Parameters.AddWithValue("$tenant", partition.Tenant);
        command.Parameters.AddWithValue("$function", partition.Function);
        command.Parameters.AddWithValue("$tier", partition.Tier);
    }

    private void EnsureLoaded(SemanticPartition partition)
    {
        if (!_loaded.Add(partition))
        {
            return;
        }

        try
        {
            using SqliteCommand command = _connection.CreateCommand();
            command.CommandText = """
                SELECT e.id, e.key_text, e.dims, e.embedding, e.payload, e.expires_at,
                       (SELECT group_concat(t.tag, char(10)) FROM llmlint_semantic_cache_tags t WHERE t.entry_id = e.id)
                FROM llmlint_semantic_cache e
                WHERE e.tenant = $tenant AND e.function = $function AND e.tier = $tier
                  AND (e.expires_at IS NULL OR e.expires_at > $now)
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
                ReadOnlySpan<float> vector = MemoryMarshal.Cast<byte, float>(blob);
                DateTimeOffset? expires = reader.IsDBNull(5) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5));
                string[]? tags = reader.IsDBNull(6) ? null : reader.GetString(6).Split('\n');
                _memory.AddWithId(partition, id, reader.GetString(1), vector, (byte[])reader.GetValue(4), tags, expires);
            }
        }
        catch
        {
            _loaded.Remove(partition);
            throw;
        }
    }

    private void Execute(string sql)
    {
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
