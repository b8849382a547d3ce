namespace LlmLint.Metering;

/// <summary>A cost ledger in PostgreSQL, shared by every instance (table <c>llmlint_cost</c> by default, created when missing).</summary>
/// <remarks>
/// Thread-safe. Set <see cref="PostgresStoreOptions.SerializeConnections"/> for servers that accept one connection. A table
/// that disappears (dropped, or a server replaced or restarted empty) is created again on the next operation, which is
/// retried once, and counted in <see cref="Recoveries"/>; no restart of the application is needed.
/// </remarks>
public sealed class PostgresCostLedger : ICostLedger, IAsyncDisposable
{
    private readonly PostgresConnectionGate _gate;

    /// <summary>Initializes a new instance of the <see cref="PostgresCostLedger"/> class.</summary>
    /// <param name="options">The connection options.</param>
    public PostgresCostLedger(PostgresStoreOptions options)
    {
        _gate = new PostgresConnectionGate(
            options,
            "llmlint_cost",
            t => $"""
                CREATE TABLE IF NOT EXISTS {t} (
                  call_id uuid PRIMARY KEY, ts timestamptz NOT NULL, function_id text NOT NULL, tier integer NOT NULL, model text,
                  input_tokens bigint NOT NULL, cached_input_tokens bigint NOT NULL, output_tokens bigint NOT NULL,
                  cost_usd numeric, saved_usd numeric NOT NULL, cache_hit boolean NOT NULL, cascade_stage integer, succeeded boolean NOT NULL)
                """,
            nameof(options));
    }

    /// <summary>Gets the number of times the table was created again after it was found missing (dropped, or a replaced server).</summary>
    public long Recoveries => _gate.Recoveries;

    /// <inheritdoc />
    public async ValueTask RecordAsync(CostRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await _gate.RunAsync((connection, ct) => InsertAsync(connection, record, ct), cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask MarkSucceededAsync(Guid callId, CancellationToken cancellationToken = default)
    {
        await _gate.RunAsync(
            async (connection, ct) =>
            {
                await using var cmd = new NpgsqlCommand($"UPDATE {_gate.Table} SET succeeded = true WHERE call_id = $1", connection);
                cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = callId });
                return await cmd.ExecuteNonQueryAsync(ct);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CostSummary>> QueryAsync(DateTimeOffset? since = null, CancellationToken cancellationToken = default)
        => _gate.RunAsync((connection, ct) => SummarizeAsync(connection, since, ct), cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _gate.DisposeAsync();

    private async Task<int> InsertAsync(NpgsqlConnection connection, CostRecord record, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(
            $"""
            INSERT INTO {_gate.Table} (call_id, ts, function_id, tier, model, input_tokens, cached_input_tokens, output_tokens, cost_usd, saved_usd, cache_hit, cascade_stage, succeeded)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
            ON CONFLICT (call_id) DO UPDATE SET succeeded = EXCLUDED.succeeded, cost_usd = EXCLUDED.cost_usd, saved_usd = EXCLUDED.saved_usd
            """,
            connection);
        cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = record.CallId });
        cmd.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = record.Timestamp.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = record.FunctionId });
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = record.Tier is { } t ? (int)t : -1 });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)record.ModelId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = record.InputTokens });
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = record.CachedInputTokens });
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = record.OutputTokens });
        cmd.Parameters.Add(new NpgsqlParameter { Value = record.CostUsd is { } cost ? cost : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Numeric });
        cmd.Parameters.Add(new NpgsqlParameter<decimal> { TypedValue = record.SavedUsd, NpgsqlDbType = NpgsqlDbType.Numeric });
        cmd.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = record.CacheHit });
        cmd.Parameters.Add(new NpgsqlParameter { Value = record.CascadeStage is { } s ? s : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        cmd.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = record.Succeeded });
        return await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<CostSummary>> SummarizeAsync(NpgsqlConnection connection, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(
            $"""
            SELECT function_id, tier, COUNT(*), COUNT(*) FILTER (WHERE succeeded), COALESCE(SUM(cost_usd), 0), COUNT(*) FILTER (WHERE cost_usd IS NULL), COALESCE(SUM(saved_usd), 0)
            FROM {_gate.Table} WHERE ts >= $1 GROUP BY function_id, tier ORDER BY function_id COLLATE "C", tier
            """,
            connection);
        cmd.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = (since ?? DateTimeOffset.MinValue).UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        var result = new List<CostSummary>();
        await using NpgsqlDataReader r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            int tier = r.GetInt32(1);
            result.Add(new CostSummary(r.GetString(0), tier < 0 ? null : (Tier)tier, r.GetInt64(2), r.GetInt64(3), r.GetDecimal(4), r.GetInt64(5), r.GetDecimal(6)));
        }

        return result;
    }
}
