using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace LlmLint.Shadow;

/// <summary>A SQLite <see cref="IShadowResultStore"/> (table <c>llmlint_shadow_results</c>, created on first use).</summary>
/// <remarks>Thread-safe: each operation opens its own pooled connection.</remarks>
public sealed class SqliteShadowResultStore : IShadowResultStore
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _init = new(1, 1);
    private volatile bool _initialized;

    /// <summary>Creates a store on a database file (created when missing).</summary>
    public SqliteShadowResultStore(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("The SQLite path must not be empty.", nameof(path));
        }

        Path = path;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString();
        Stores.PrivateFile.Create(System.IO.Path.GetFullPath(path)); // owner-only (0600 on Unix)
    }

    /// <summary>Gets the database path.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public async ValueTask AddAsync(ShadowRecord record, CancellationToken cancellationToken = default)
    {
        if (record is null)
        {
            throw new ArgumentNullException(nameof(record));
        }

        using var connection = await OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
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
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ShadowSummary>> SummarizeAsync(CancellationToken cancellationToken = default)
    {
        using var connection = await OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT function, tier, COUNT(*), SUM(agreed), SUM(cheap_cost), SUM(baseline_cost), SUM(calls) FROM llmlint_shadow_results GROUP BY function, tier ORDER BY function COLLATE BINARY, tier COLLATE BINARY";
        var result = new List<ShadowSummary>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new ShadowSummary(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetDouble(4), reader.GetDouble(5), reader.GetInt64(6)));
        }

        return result;
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
                        using var create = connection.CreateCommand();
                        create.CommandText = "CREATE TABLE IF NOT EXISTS llmlint_shadow_results (id INTEGER PRIMARY KEY, ts INTEGER NOT NULL, function TEXT NOT NULL, tier TEXT NOT NULL, agreed INTEGER NOT NULL, cheap_cost REAL NOT NULL, baseline_cost REAL NOT NULL, calls INTEGER NOT NULL, cheap_model TEXT NULL, baseline_model TEXT NULL); CREATE INDEX IF NOT EXISTS llmlint_shadow_results_ft ON llmlint_shadow_results (function, tier);";
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
            connection.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"SQLite shadow store '{Path}'");
}
