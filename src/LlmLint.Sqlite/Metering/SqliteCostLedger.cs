namespace LlmLint.Metering;

/// <summary>A cost ledger in a SQLite file (table <c>llmlint_cost</c>, created when missing). Costs are stored as integer nano-USD, so sums are exact.</summary>
/// <remarks>
/// Thread-safe: each operation opens a pooled connection. The file is created readable by its owner only (0600 on Unix); a
/// file deleted or replaced under a running ledger, or a dropped table, is re-created on the next operation.
/// </remarks>
public sealed class SqliteCostLedger : ICostLedger
{
    private const string Schema = """
        PRAGMA journal_mode=WAL;
        CREATE TABLE IF NOT EXISTS llmlint_cost(
          call_id TEXT PRIMARY KEY NOT NULL, ts INTEGER NOT NULL, function_id TEXT NOT NULL, tier INTEGER NOT NULL, model TEXT,
          input_tokens INTEGER NOT NULL, cached_input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL,
          cost_nano_usd INTEGER, saved_nano_usd INTEGER NOT NULL, cache_hit INTEGER NOT NULL, cascade_stage INTEGER, succeeded INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS llmlint_cost_fn ON llmlint_cost(function_id, tier, ts);
        """;

    private readonly SqliteDatabase _database;

    /// <summary>Initializes a new instance of the <see cref="SqliteCostLedger"/> class.</summary>
    /// <param name="path">The database file; created when missing.</param>
    public SqliteCostLedger(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _database = new SqliteDatabase(path, Schema, SqliteFile.RecordBusyTimeoutSeconds);
        PrivateFile.Create(_database.Path); // owner-only from the start (0600 on Unix)
    }

    /// <inheritdoc />
    public async ValueTask RecordAsync(CostRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await _database.RunAsync(
            (cmd, ct) =>
            {
                cmd.CommandText = """
                    INSERT OR REPLACE INTO llmlint_cost(call_id, ts, function_id, tier, model, input_tokens, cached_input_tokens, output_tokens, cost_nano_usd, saved_nano_usd, cache_hit, cascade_stage, succeeded)
                    VALUES($id, $ts, $fn, $tier, $model, $in, $cached, $out, $cost, $saved, $hit, $stage, $ok)
                    """;
                cmd.Parameters.AddWithValue("$id", record.CallId.ToString("N"));
                cmd.Parameters.AddWithValue("$ts", record.Timestamp.UtcTicks);
                cmd.Parameters.AddWithValue("$fn", record.FunctionId);
                cmd.Parameters.AddWithValue("$tier", record.Tier is { } t ? (int)t : -1);
                cmd.Parameters.AddWithValue("$model", (object?)record.ModelId ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$in", record.InputTokens);
                cmd.Parameters.AddWithValue("$cached", record.CachedInputTokens);
                cmd.Parameters.AddWithValue("$out", record.OutputTokens);
                cmd.Parameters.AddWithValue("$cost", record.CostUsd is { } cost ? (object)ToNano(cost) : DBNull.Value);
                cmd.Parameters.AddWithValue("$saved", ToNano(record.SavedUsd));
                cmd.Parameters.AddWithValue("$hit", record.CacheHit ? 1 : 0);
                cmd.Parameters.AddWithValue("$stage", record.CascadeStage is { } s ? s : DBNull.Value);
                cmd.Parameters.AddWithValue("$ok", record.Succeeded ? 1 : 0);
                return cmd.ExecuteNonQueryAsync(ct);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask MarkSucceededAsync(Guid callId, CancellationToken cancellationToken = default)
    {
        await _database.RunAsync(
            (cmd, ct) =>
            {
                cmd.CommandText = "UPDATE llmlint_cost SET succeeded = 1 WHERE call_id = $id";
                cmd.Parameters.AddWithValue("$id", callId.ToString("N"));
                return cmd.ExecuteNonQueryAsync(ct);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CostSummary>> QueryAsync(DateTimeOffset? since = null, CancellationToken cancellationToken = default)
    {
        return _database.RunAsync<IReadOnlyList<CostSummary>>(
            async (cmd, ct) =>
            {
                cmd.CommandText = """
                    SELECT function_id, tier, COUNT(*), SUM(succeeded), COALESCE(SUM(cost_nano_usd), 0), SUM(CASE WHEN cost_nano_usd IS NULL THEN 1 ELSE 0 END), COALESCE(SUM(saved_nano_usd), 0)
                    FROM llmlint_cost WHERE ts >= $since GROUP BY function_id, tier ORDER BY function_id, tier
                    """;
                cmd.Parameters.AddWithValue("$since", since?.UtcTicks ?? long.MinValue);
                var result = new List<CostSummary>();
                await using SqliteDataReader r = await cmd.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct))
                {
                    int tier = r.GetInt32(1);
                    result.Add(new CostSummary(
                        r.GetString(0), tier < 0 ? null : (Tier)tier, r.GetInt64(2), r.GetInt64(3), FromNano(r.GetInt64(4)), r.GetInt64(5), FromNano(r.GetInt64(6))));
                }

                return result;
            },
            cancellationToken);
    }

    internal static long ToNano(decimal usd) => (long)decimal.Round(usd * 1_000_000_000m, MidpointRounding.AwayFromZero);

    internal static decimal FromNano(long nano) => nano / 1_000_000_000m;
}
