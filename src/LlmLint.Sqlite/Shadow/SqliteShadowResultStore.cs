using System.Globalization;

namespace LlmLint.Shadow;

/// <summary>A SQLite <see cref="IShadowResultStore"/> (table <c>llmlint_shadow_results</c>, created on first use).</summary>
/// <remarks>
/// Thread-safe: each operation opens its own pooled connection. The file is created readable by its owner only (0600 on
/// Unix); a file deleted or replaced under a running store, or a dropped table, is re-created on the next operation.
/// </remarks>
public sealed class SqliteShadowResultStore : IShadowResultStore
{
    private const string Schema = "CREATE TABLE IF NOT EXISTS llmlint_shadow_results (id INTEGER PRIMARY KEY, ts INTEGER NOT NULL, function TEXT NOT NULL, tier TEXT NOT NULL, agreed INTEGER NOT NULL, cheap_cost REAL NOT NULL, baseline_cost REAL NOT NULL, calls INTEGER NOT NULL, cheap_model TEXT NULL, baseline_model TEXT NULL); CREATE INDEX IF NOT EXISTS llmlint_shadow_results_ft ON llmlint_shadow_results (function, tier);";
    private readonly SqliteDatabase _database;

    /// <summary>Creates a store on a database file (created when missing).</summary>
    /// <param name="path">The database file.</param>
    public SqliteShadowResultStore(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("The SQLite path must not be empty.", nameof(path));
        }

        Path = path;
        _database = new SqliteDatabase(path, Schema, SqliteFile.RecordBusyTimeoutSeconds);
        PrivateFile.Create(_database.Path); // owner-only from the start (0600 on Unix)
    }

    /// <summary>Gets the database path.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public async ValueTask AddAsync(ShadowRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await _database.RunAsync(
            (command, ct) =>
            {
                command.CommandText = "INSERT INTO llmlint_shadow_results (ts, function, tier, agreed, cheap_cost, baseline_cost, calls, cheap_model, baseline_model) VALUES ($ts, $f, $t, $a, $cc, $bc, $n, $cm, $bm)";
                command.Parameters.AddWithValue("$ts", record.Timestamp.ToUnixTimeMilliseconds());
                command.Parameters.AddWithValue("$f", record.Function);
                command.Parameters.AddWithValue("$t", record.Tier);
                command.Parameters.AddWithValue("$a", record.Agreed ? 1 : 0);
                command.Parameters.AddWithValue("$cc", record.CheapCostUsd);
                command.Parameters.AddWithValue("$bc", record.BaselineCostUsd);
                command.Parameters.AddWithValue("$n", record.Calls);
                command.Parameters.AddWithValue("$cm", (object?)record.CheapModel ?? DBNull.Value);
                command.Parameters.AddWithValue("$bm", (object?)record.BaselineModel ?? DBNull.Value);
                return command.ExecuteNonQueryAsync(ct);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ShadowSummary>> SummarizeAsync(CancellationToken cancellationToken = default)
    {
        return await _database.RunAsync<IReadOnlyList<ShadowSummary>>(
            async (command, ct) =>
            {
                command.CommandText = "SELECT function, tier, COUNT(*), SUM(agreed), SUM(cheap_cost), SUM(baseline_cost), SUM(calls) FROM llmlint_shadow_results GROUP BY function, tier ORDER BY function COLLATE BINARY, tier COLLATE BINARY";
                var result = new List<ShadowSummary>();
                await using SqliteDataReader reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    result.Add(new ShadowSummary(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetDouble(4), reader.GetDouble(5), reader.GetInt64(6)));
                }

                return result;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"SQLite shadow store '{Path}'");
}
