using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using LlmLint.Metering;
using LlmLint.Stores;
using Npgsql;

namespace LlmLint.Tests.Metering;

/// <summary>
/// The PostgreSQL cost ledger recovers, without a restart of the application, from a dropped table and from a server that
/// was replaced by an empty one on the same address: the table is created again, the write retried and the recovery counted.
/// </summary>
public sealed class PostgresLedgerRecoveryTests
{
    [Fact]
    public async Task Ledger_recreates_a_dropped_table()
    {
        var server = new PgliteServer();
        await server.InitializeAsync();
        try
        {
            await using var ledger = new PostgresCostLedger(new PostgresStoreOptions { ConnectionString = server.ConnectionString, SerializeConnections = true });
            await ledger.RecordAsync(Record("F.Before"));
            await Execute(server.ConnectionString, "DROP TABLE llmlint_cost");

            await ledger.RecordAsync(Record("F.After"));
            await ledger.MarkSucceededAsync(Guid.NewGuid());

            IReadOnlyList<CostSummary> summaries = await ledger.QueryAsync();
            Assert.Equal("F.After", Assert.Single(summaries).FunctionId);
            Assert.Equal(1, ledger.Recoveries);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Ledger_survives_a_replaced_server()
    {
        var first = new PgliteServer();
        await first.InitializeAsync();
        int port = new NpgsqlConnectionStringBuilder(first.ConnectionString).Port;
        await using var ledger = new PostgresCostLedger(new PostgresStoreOptions { ConnectionString = first.ConnectionString, SerializeConnections = true });
        try
        {
            await ledger.RecordAsync(Record("F.Old"));
        }
        finally
        {
            await first.DisposeAsync();
        }

        var replacement = new PgliteServer { Port = port };
        await replacement.InitializeAsync();
        try
        {
            try
            {
                // The first call after the replacement may fail on the pooled connection to the old server.
                await ledger.RecordAsync(Record("F.New"));
            }
            catch (Exception ex) when (ex is NpgsqlException or System.IO.IOException or InvalidOperationException)
            {
            }

            await ledger.RecordAsync(Record("F.New"));
            CostSummary summary = Assert.Single(await ledger.QueryAsync());
            Assert.Equal("F.New", summary.FunctionId);
            Assert.True(ledger.Recoveries >= 1, $"recoveries: {ledger.Recoveries}");
        }
        finally
        {
            await replacement.DisposeAsync();
        }
    }

    private static CostRecord Record(string function) => new() { FunctionId = function, Tier = Tier.Small, ModelId = "gpt-4o-mini", CostUsd = 0.001m };

    private static async Task Execute(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
