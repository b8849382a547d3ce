using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.SemanticCache;
using Npgsql;

namespace LlmLint.Tests.SemanticCache;

public sealed class PgVectorSemanticStoreTests : SemanticStoreContractTests, IClassFixture<PgliteServer>, IAsyncLifetime
{
    private static int s_table;
    private readonly PgliteServer _server;
    private PgVectorSemanticCacheStore? _store;

    public PgVectorSemanticStoreTests(PgliteServer server) => _server = server;

    protected override ISemanticCacheStore Store => _store!;

    public async Task InitializeAsync()
    {
        _store = new PgVectorSemanticCacheStore(new PgVectorStoreOptions
        {
            ConnectionString = _server.ConnectionString,
            Table = $"semantic_test_{Interlocked.Increment(ref s_table)}",
            Dimensions = Dims,
            SerializeConnections = true,
            TimeProvider = Clock,
        });
        await _store.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    [Fact]
    public async Task Table_has_an_hnsw_cosine_index_and_queries_filter_by_partition()
    {
        await _store!.AddAsync(TenantA, "q", Vector(1), new byte[] { 1 });
        await using var connection = new NpgsqlConnection(_server.ConnectionString);
        await _store.DisposeAsync(); // one connection at a time
        _store = null;
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT indexdef FROM pg_indexes WHERE indexname LIKE 'semantic_test_%_embedding_hnsw'", connection);
        var definitions = new List<string>();
        await using (NpgsqlDataReader reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                definitions.Add(reader.GetString(0));
            }
        }

        Assert.NotEmpty(definitions);
        Assert.All(definitions, d => Assert.Contains("USING hnsw (embedding vector_cosine_ops)", d, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Vectors_travel_as_pgvector_values_and_keep_every_component()
    {
        // Components of very different magnitudes: a vector that differs only in its smallest component is another
        // direction, so only the exact vector is found at similarity 1 (a lossy transfer would tie them).
        float[] stored = new float[Dims];
        stored[0] = 0.5f;
        stored[1] = -1f;
        stored[2] = 1e-3f;
        float[] other = (float[])stored.Clone();
        other[2] = -1e-3f;
        long id = await _store!.AddAsync(TenantA, "exact", stored, new byte[] { 1 });
        await _store.AddAsync(TenantA, "other", other, new byte[] { 2 });

        IReadOnlyList<SemanticSearchResult> hits = await _store.SearchAsync(TenantA, stored, threshold: 0.999999f, k: 2);

        SemanticSearchResult hit = Assert.Single(hits);
        Assert.Equal(id, hit.Id);
        Assert.Equal(1f, hit.Similarity, 5);
    }

    [Fact]
    public void Unsafe_table_names_are_rejected()
    {
        ArgumentException ex = Assert.Throws<ArgumentException>(() => new PgVectorSemanticCacheStore(new PgVectorStoreOptions { ConnectionString = "Host=x", Table = "t; DROP TABLE x" }));
        Assert.Equal("options", ex.ParamName);
    }
}
