using System;
using System.Text;
using System.Threading.Tasks;
using LlmLint.SemanticCache;
using LlmLint.Stores;
using LlmLint.Tests.SemanticCache;
using Microsoft.Extensions.AI;
using Npgsql;

namespace LlmLint.Tests.Caching;

/// <summary>
/// The PostgreSQL stores recover, without a restart of the application, from a dropped table and from a server that was
/// replaced (a new, empty database on the same address), and keep no plaintext when a protector is set.
/// </summary>
public sealed class PostgresRecoveryTests
{
    private static readonly SemanticPartition Partition = new("acme", "Faq.Answer#t1", "small");

    [Fact]
    public async Task Exact_store_recreates_a_dropped_table_and_survives_a_replaced_server()
    {
        var first = new PgliteServer();
        await first.InitializeAsync();
        int port = new NpgsqlConnectionStringBuilder(first.ConnectionString).Port;
        var options = new PostgresStoreOptions { ConnectionString = first.ConnectionString, SerializeConnections = true };
        await using var store = new PostgresLlmCacheStore(options);
        try
        {
            await store.SetAsync("k", new byte[] { 1 }, TimeSpan.FromHours(1));
            await ExecuteOn(first.ConnectionString, "DROP TABLE llmlint_cache");
            await store.SetAsync("k", new byte[] { 2 }, TimeSpan.FromHours(1));
            Assert.Equal(new byte[] { 2 }, await store.GetAsync("k"));
            Assert.Equal(1, store.Recoveries);
        }
        finally
        {
            await first.DisposeAsync();
        }

        await OnReplacedServer(
            port,
            async () => await store.SetAsync("k", new byte[] { 3 }, TimeSpan.FromHours(1)),
            async () => Assert.Equal(new byte[] { 3 }, await store.GetAsync("k")));
        Assert.True(store.Recoveries >= 2);
    }

    [Fact]
    public async Task Semantic_store_recreates_a_dropped_table_and_survives_a_replaced_server()
    {
        var first = new PgliteServer();
        await first.InitializeAsync();
        int port = new NpgsqlConnectionStringBuilder(first.ConnectionString).Port;
        float[] v = FakeEmbeddingGenerator.Embed("reset my password");
        await using var store = new PgVectorSemanticCacheStore(new PgVectorStoreOptions { ConnectionString = first.ConnectionString, Table = "semantic_recovery" });
        try
        {
            await store.AddAsync(Partition, "reset my password", v, new byte[] { 1 });
            await ExecuteOn(first.ConnectionString, "DROP TABLE semantic_recovery");
            await store.AddAsync(Partition, "reset my password", v, new byte[] { 2 });
            Assert.Single(await store.SearchAsync(Partition, v, 0.9f, 5));
            Assert.Equal(1, store.Recoveries);
        }
        finally
        {
            await first.DisposeAsync();
        }

        await OnReplacedServer(
            port,
            async () => await store.AddAsync(Partition, "reset my password", v, new byte[] { 3 }),
            async () => Assert.Equal(new byte[] { 3 }, Assert.Single(await store.SearchAsync(Partition, v, 0.9f, 5)).Payload.ToArray()));
        Assert.True(store.Recoveries >= 2);
    }

    [Fact]
    public async Task Protected_semantic_row_holds_no_plaintext()
    {
        var server = new PgliteServer();
        await server.InitializeAsync();
        try
        {
            await using (var store = new PgVectorSemanticCacheStore(new PgVectorStoreOptions { ConnectionString = server.ConnectionString, Table = "semantic_private" }))
            {
                var inner = new FakeChatClient();
                SemanticCachingChatClient client = SemanticCachingChatClient.Create(inner, new FakeEmbeddingGenerator(), store, o =>
                {
                    o.Threshold = 0.75f;
                    o.Protector = CacheProtectionTests.Protector;
                    o.StoreTimeout = TimeSpan.FromSeconds(10);
                });
                await client.GetResponseAsync("My card password is hunter2, how do I change it", SemanticCacheFaultTests.For("acme"));
                await client.GetResponseAsync("My card password is hunter2, how do I change it", SemanticCacheFaultTests.For("acme"));
                Assert.Equal(1, inner.Calls);
            }

            await using var connection = new NpgsqlConnection(server.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT key_text, payload FROM semantic_private", connection);
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.DoesNotContain("hunter2", reader.GetString(0), StringComparison.Ordinal);
            Assert.DoesNotContain("answer 1", Encoding.UTF8.GetString((byte[])reader.GetValue(1)), StringComparison.Ordinal);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private static async Task ExecuteOn(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Starts an empty server on the same address and runs <paramref name="write"/> there, then <paramref name="verify"/>. The first
    /// call after the replacement may fail on the broken connection; the store must work again right after, without a restart.
    /// </summary>
    private static async Task OnReplacedServer(int port, Func<Task> write, Func<Task> verify)
    {
        var server = new PgliteServer { Port = port };
        await server.InitializeAsync();
        try
        {
            try
            {
                await write();
            }
            catch (Exception ex) when (ex is NpgsqlException or System.IO.IOException or InvalidOperationException)
            {
            }

            await write();
            await verify();
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}
