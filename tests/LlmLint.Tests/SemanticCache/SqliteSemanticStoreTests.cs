using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using LlmLint.SemanticCache;
using LlmLint.Vectors;
using Microsoft.Data.Sqlite;

namespace LlmLint.Tests.SemanticCache;

public sealed class SqliteSemanticStoreTests : SemanticStoreContractTests, IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"llmlint-semantic-{Guid.NewGuid():N}.db");
    private readonly SqliteSemanticCacheStore _store;

    public SqliteSemanticStoreTests() => _store = Open();

    protected override ISemanticCacheStore Store => _store;

    [Fact]
    public async Task Entries_persist_across_instances()
    {
        float[] v = Vector(42);
        long id = await _store.AddAsync(TenantA, "persisted question", v, new byte[] { 7, 7 }, new[] { "doc:p" }, Clock.GetUtcNow().AddHours(1));
        await _store.AddAsync(TenantB, "other tenant", v, new byte[] { 8 });
        _store.Dispose();

        using (SqliteSemanticCacheStore reopened = Open())
        {
            IReadOnlyList<SemanticSearchResult> results = await reopened.SearchAsync(TenantA, v, 0.99f, 5);
            SemanticSearchResult hit = Assert.Single(results);
            Assert.Equal(id, hit.Id);
            Assert.Equal("persisted question", hit.KeyText);
            Assert.Equal(new byte[] { 7, 7 }, hit.Payload.ToArray());
            Assert.Equal(new[] { "doc:p" }, hit.Tags);

            // New ids do not collide with loaded ones, and a tag invalidation persists.
            long next = await reopened.AddAsync(TenantA, "second", Vector(43), new byte[] { 1 });
            Assert.NotEqual(id, next);
            Assert.Equal(1, await reopened.InvalidateTagAsync("doc:p"));
        }

        using SqliteSemanticCacheStore third = Open();
        Assert.Empty(await third.SearchAsync(TenantA, v, 0.99f, 5));
        Assert.Single(await third.SearchAsync(TenantB, v, 0.99f, 5));
        Assert.Single(await third.SearchAsync(TenantA, Vector(43), 0.99f, 5));
    }

    public void Dispose()
    {
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (string suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            try
            {
                File.Delete(_path + suffix);
            }
            catch (IOException)
            {
            }
        }
    }

    private SqliteSemanticCacheStore Open() => new($"Data Source={_path}", Dims, new VectorCollectionOptions { TimeProvider = Clock });
}
