namespace LlmLint.Batching;

/// <summary>
/// A durable <see cref="IBatchQueue"/> in one SQLite file (table <c>llmlint_batch</c>, created when missing): a request
/// is accepted once its row is written, and an executor started on the same file after a restart resumes its batches.
/// </summary>
/// <remarks>
/// Thread-safe. Writes from one process are serialized; a database busy with another process is waited for at most one
/// second. The file is created readable by its owner only (0600 on Unix): it holds prompts and answers. Delivered rows are
/// deleted.
/// </remarks>
public sealed class SqliteBatchQueue : IBatchQueue
{
    private const string Schema = "PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS llmlint_batch(seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, request TEXT NOT NULL, enqueued INTEGER NOT NULL, state INTEGER NOT NULL, batch TEXT NULL, result TEXT NULL, error TEXT NULL); CREATE INDEX IF NOT EXISTS llmlint_batch_state ON llmlint_batch(state, seq); CREATE INDEX IF NOT EXISTS llmlint_batch_batch ON llmlint_batch(batch, state)";
    private const string Columns = "id, request, enqueued, state, batch, result, error";
    private readonly SqliteDatabase _database;

    // One writer at a time in this process: a burst of callers queues here instead of contending for SQLite's write lock
    // (whose busy wait is bounded), so a thousand concurrent requests are all accepted.
    private readonly SemaphoreSlim _write = new(1, 1);

    /// <summary>Initializes a new instance of the <see cref="SqliteBatchQueue"/> class.</summary>
    /// <param name="path">The database file; created when missing.</param>
    public SqliteBatchQueue(string path) => _database = new SqliteDatabase(path, Schema);

    /// <summary>Gets the database path.</summary>
    public string Path => _database.Path;

    /// <inheritdoc/>
    public async ValueTask EnqueueAsync(BatchItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        await WriteAsync(
            (command, ct) =>
            {
                command.CommandText = "INSERT INTO llmlint_batch(id, request, enqueued, state) VALUES($id, $request, $enqueued, 0)";
                command.Parameters.AddWithValue("$id", item.Id);
                command.Parameters.AddWithValue("$request", item.RequestJson);
                command.Parameters.AddWithValue("$enqueued", item.EnqueuedAt.ToUnixTimeMilliseconds());
                return command.ExecuteNonQueryAsync(ct);
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<BatchItem>> GetQueuedAsync(int max, CancellationToken cancellationToken = default) =>
        SelectAsync("state = 0", max, cancellationToken);

    /// <inheritdoc/>
    public async ValueTask MarkSubmittedAsync(IReadOnlyList<string> ids, string providerBatchId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentException.ThrowIfNullOrEmpty(providerBatchId);
        await InTransactionAsync(
            ids,
            (command, id) =>
            {
                command.CommandText = "UPDATE llmlint_batch SET state = 1, batch = $batch WHERE id = $id AND state = 0";
                command.Parameters.AddWithValue("$batch", providerBatchId);
                command.Parameters.AddWithValue("$id", id);
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<string>> GetOpenBatchesAsync(CancellationToken cancellationToken = default) =>
        await ReadStringsAsync("SELECT DISTINCT batch FROM llmlint_batch WHERE state = 1 ORDER BY batch", null, cancellationToken);

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<string>> GetSubmittedAsync(string providerBatchId, CancellationToken cancellationToken = default) =>
        await ReadStringsAsync("SELECT id FROM llmlint_batch WHERE batch = $batch AND state = 1 ORDER BY seq", providerBatchId, cancellationToken);

    /// <inheritdoc/>
    public async ValueTask FinishAsync(IReadOnlyList<BatchOutcome> outcomes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        await InTransactionAsync(
            outcomes,
            (command, outcome) =>
            {
                command.CommandText = "UPDATE llmlint_batch SET state = 2, result = $result, error = $error WHERE id = $id AND state = 1";
                command.Parameters.AddWithValue("$result", (object?)outcome.ResultJson ?? DBNull.Value);
                command.Parameters.AddWithValue("$error", (object?)outcome.Error ?? DBNull.Value);
                command.Parameters.AddWithValue("$id", outcome.Id);
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<BatchItem>> GetFinishedAsync(int max, CancellationToken cancellationToken = default) =>
        SelectAsync("state = 2", max, cancellationToken);

    /// <inheritdoc/>
    public async ValueTask MarkDeliveredAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        await WriteAsync(
            (command, ct) =>
            {
                command.CommandText = "DELETE FROM llmlint_batch WHERE id = $id AND state = 2";
                command.Parameters.AddWithValue("$id", id);
                return command.ExecuteNonQueryAsync(ct);
            },
            cancellationToken);
    }

    private async ValueTask<IReadOnlyList<BatchItem>> SelectAsync(string where, int max, CancellationToken cancellationToken)
    {
        return await _database.RunAsync<IReadOnlyList<BatchItem>>(
            async (command, ct) =>
            {
                command.CommandText = $"SELECT {Columns} FROM llmlint_batch WHERE {where} ORDER BY seq LIMIT $max";
                command.Parameters.AddWithValue("$max", max);
                var items = new List<BatchItem>();
                await using SqliteDataReader reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    items.Add(new BatchItem(
                        reader.GetString(0),
                        reader.GetString(1),
                        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                        (BatchItemState)reader.GetInt32(3),
                        reader.IsDBNull(4) ? null : reader.GetString(4),
                        reader.IsDBNull(5) ? null : reader.GetString(5),
                        reader.IsDBNull(6) ? null : reader.GetString(6)));
                }

                return items;
            },
            cancellationToken);
    }

    private async ValueTask<IReadOnlyList<string>> ReadStringsAsync(string sql, string? batch, CancellationToken cancellationToken)
    {
        return await _database.RunAsync<IReadOnlyList<string>>(
            async (command, ct) =>
            {
                command.CommandText = sql;
                if (batch is not null)
                {
                    command.Parameters.AddWithValue("$batch", batch);
                }

                var values = new List<string>();
                await using SqliteDataReader reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    values.Add(reader.GetString(0));
                }

                return values;
            },
            cancellationToken);
    }

    // One transaction for many row updates: a batch of 1,000 is recorded at once, or not at all.
    private async ValueTask InTransactionAsync<T>(IReadOnlyList<T> rows, Action<SqliteCommand, T> prepare, CancellationToken cancellationToken)
    {
        await WriteAsync(
            async (command, ct) =>
            {
                using SqliteTransaction transaction = command.Connection!.BeginTransaction();
                foreach (T row in rows)
                {
                    using SqliteCommand update = command.Connection.CreateCommand();
                    update.Transaction = transaction;
                    prepare(update, row);
                    await update.ExecuteNonQueryAsync(ct);
                }

                transaction.Commit();
                return rows.Count;
            },
            cancellationToken);
    }

    private async Task<int> WriteAsync(Func<SqliteCommand, CancellationToken, Task<int>> work, CancellationToken cancellationToken)
    {
        await _write.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await _database.RunAsync(work, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _write.Release();
        }
    }
}
