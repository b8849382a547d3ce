using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace LlmLint.Metering;

/// <summary>A cost ledger in a SQLite file (table <c>llmlint_cost</c>, created when missing). Costs are stored as integer nano-USD, so sums are exact.</summary>
/// <remarks>Thread-safe: each operation opens a pooled connection.</remarks>
public sealed class SqliteCostLedger : ICostLedger
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _init = new(1, 1);
    private volatile bool _initialized;

    /// <summary>Initializes a new instance of the <see cref="SqliteCostLedger"/> class.</summary>
    /// <param name="path">The database file; created when missing.</param>
    public SqliteCostLedger(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString();
        Stores.PrivateFile.Create(System.IO.Path.GetFullPath(path)); // owner-only (0600 on Unix)
    }

    /// <inheritdoc />
    public async ValueTask RecordAsync(CostRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using SqliteConnection c = await OpenAsync(cancellationToken);
        await using SqliteCommand cmd = c.CreateCommand();
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
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask MarkSucceededAsync(Guid callId, CancellationToken cancellationToken = default)
    {
        await using SqliteConnection c = await OpenAsync(cancellationToken);
        await using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = "UPDATE llmlint_cost SET succeeded = 1 WHERE call_id = $id";
        cmd.Parameters.AddWithValue("$id", callId.ToString("N"));
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CostSummary>> QueryAsync(DateTimeOffset? since = null, CancellationToken cancellationToken = default)
    {
        await using SqliteConnection c = await OpenAsync(cancellationToken);
        await using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = """
            SELECT function_id, tier, COUNT(*), SUM(succeeded), COALESCE(SUM(cost_nano_usd), 0), SUM(CASE WHEN cost_nano_usd IS NULL THEN 1 ELSE 0 END), COALESCE(SUM(saved_nano_usd), 0)
            FROM llmlint_cost WHERE ts >= $since GROUP BY function_id, tier ORDER BY function_id, tier
            """;
        cmd.Parameters.AddWithValue("$since", since?.UtcTicks ?? long.MinValue);
        var result = new List<CostSummary>();
        await using SqliteDataReader r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            int tier = r.GetInt32(1);
            result.Add(new CostSummary(
                r.GetString(0), tier < 0 ? null : (Tier)tier, r.GetInt64(2), r.GetInt64(3), FromNano(r.GetInt64(4)), r.GetInt64(5), FromNano(r.GetInt64(6))));
        }

        return result;
    }

    internal static long ToNano(decimal usd) => (long)decimal.Round(usd * 1_000_000_000m, MidpointRounding.AwayFromZero);

    internal static decimal FromNano(long nano) => nano / 1_000_000_000m;

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
                        create.CommandText = """
                            PRAGMA journal_mode=WAL;
                            CREATE TABLE IF NOT EXISTS llmlint_cost(
                              call_id TEXT PRIMARY KEY NOT NULL, ts INTEGER NOT NULL, function_id TEXT NOT NULL, tier INTEGER NOT NULL, model TEXT,
                              input_tokens INTEGER NOT NULL, cached_input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL,
                              cost_nano_usd INTEGER, saved_nano_usd INTEGER NOT NULL, cache_hit INTEGER NOT NULL, cascade_stage INTEGER, succeeded INTEGER NOT NULL);
                            CREATE INDEX IF NOT EXISTS llmlint_cost_fn ON llmlint_cost(function_id, tier, ts);
                            """;
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
