using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using LlmLint.SemanticCache;
using LlmLint.Vectors;

namespace LlmLint.Tests.SemanticCache;

/// <summary>Behaviour every <see cref="ISemanticCacheStore"/> must have; run against each store.</summary>
public abstract class SemanticStoreContractTests
{
    protected const int Dims = 512;

    protected static readonly SemanticPartition TenantA = new("tenant-a", "Faq.Answer#t1", "Small");
    protected static readonly SemanticPartition TenantB = new("tenant-b", "Faq.Answer#t1", "Small");

    protected ManualTimeProvider Clock { get; } = new();

    protected abstract ISemanticCacheStore Store { get; }

    protected static float[] Vector(int seed)
    {
        float[] v = TestVectors.Gaussian(new Random(seed), Dims);
        TestVectors.Normalize(v);
        return v;
    }

    protected static float[] Near(float[] v, int seed, float noise)
    {
        float[] n = TestVectors.Gaussian(new Random(seed), Dims);
        var result = new float[Dims];
        for (int i = 0; i < Dims; i++)
        {
            result[i] = v[i] + (noise * n[i] / MathF.Sqrt(Dims));
        }

        return result;
    }

    [Fact]
    public async Task Add_then_search_returns_the_entry_with_payload_and_similarity()
    {
        float[] v = Vector(1);
        long id = await Store.AddAsync(TenantA, "How do I reset my password?", v, new byte[] { 1, 2, 3 }, new[] { "doc:1" });
        await Store.AddAsync(TenantA, "other", Vector(2), new byte[] { 9 });
        IReadOnlyList<SemanticSearchResult> results = await Store.SearchAsync(TenantA, Near(v, 5, 0.1f), 0.8f, 3);
        SemanticSearchResult hit = Assert.Single(results);
        Assert.Equal(id, hit.Id);
        Assert.Equal("How do I reset my password?", hit.KeyText);
        Assert.Equal(new byte[] { 1, 2, 3 }, hit.Payload.ToArray());
        Assert.Equal(new[] { "doc:1" }, hit.Tags);
        Assert.InRange(hit.Similarity, 0.9f, 1.0f);
        Assert.Equal(TenantA, hit.Partition);
    }

    [Fact]
    public async Task Identical_vectors_in_two_partitions_never_cross()
    {
        float[] v = Vector(3);
        long a = await Store.AddAsync(TenantA, "q", v, new byte[] { 0xA });
        long b = await Store.AddAsync(TenantB, "q", v, new byte[] { 0xB });
        var functionOnly = new SemanticPartition("tenant-a", "Faq.Answer#t2", "Small");
        var tierOnly = new SemanticPartition("tenant-a", "Faq.Answer#t1", "Large");
        for (int i = 0; i < 5; i++)
        {
            IReadOnlyList<SemanticSearchResult> ra = await Store.SearchAsync(TenantA, v, -1f, 10);
            IReadOnlyList<SemanticSearchResult> rb = await Store.SearchAsync(TenantB, v, -1f, 10);
            Assert.Equal(a, Assert.Single(ra).Id);
            Assert.Equal(new byte[] { 0xA }, ra[0].Payload.ToArray());
            Assert.Equal(b, Assert.Single(rb).Id);
            Assert.Equal(new byte[] { 0xB }, rb[0].Payload.ToArray());
            Assert.Empty(await Store.SearchAsync(functionOnly, v, -1f, 10));
            Assert.Empty(await Store.SearchAsync(tierOnly, v, -1f, 10));
        }

        // Deleting through the wrong partition does nothing.
        Assert.False(await Store.DeleteAsync(TenantB, a));
        Assert.Single(await Store.SearchAsync(TenantA, v, -1f, 10));
    }

    [Fact]
    public async Task Threshold_and_k_limit_results()
    {
        float[] v = Vector(4);
        for (int i = 0; i < 5; i++)
        {
            await Store.AddAsync(TenantA, $"q{i}", Near(v, 100 + i, 0.05f * (i + 1)), new byte[] { (byte)i });
        }

        await Store.AddAsync(TenantA, "far", Vector(99), new byte[] { 99 });
        IReadOnlyList<SemanticSearchResult> top2 = await Store.SearchAsync(TenantA, v, 0.5f, 2);
        Assert.Equal(2, top2.Count);
        Assert.True(top2[0].Similarity >= top2[1].Similarity);
        IReadOnlyList<SemanticSearchResult> all = await Store.SearchAsync(TenantA, v, 0.5f, 10);
        Assert.Equal(5, all.Count);
    }

    [Fact]
    public async Task Delete_tag_partition_and_expiry_invalidate()
    {
        float[] v = Vector(6);
        long keep = await Store.AddAsync(TenantA, "keep", v, new byte[] { 1 });
        long deleted = await Store.AddAsync(TenantA, "deleted", Near(v, 1, 0.01f), new byte[] { 2 });
        await Store.AddAsync(TenantA, "tagged", Near(v, 2, 0.01f), new byte[] { 3 }, new[] { "doc:stale" });
        await Store.AddAsync(TenantB, "tagged-b", v, new byte[] { 4 }, new[] { "doc:stale" });
        await Store.AddAsync(TenantA, "expiring", Near(v, 3, 0.01f), new byte[] { 5 }, expiresAt: Clock.GetUtcNow().AddMinutes(1));

        Assert.Equal(4, (await Store.SearchAsync(TenantA, v, 0.5f, 10)).Count);
        Assert.True(await Store.DeleteAsync(TenantA, deleted));
        Assert.False(await Store.DeleteAsync(TenantA, deleted));
        Assert.Equal(2, await Store.InvalidateTagAsync("doc:stale"));
        Assert.Empty(await Store.SearchAsync(TenantB, v, 0.5f, 10));

        Clock.Advance(TimeSpan.FromMinutes(2));
        IReadOnlyList<SemanticSearchResult> left = await Store.SearchAsync(TenantA, v, 0.5f, 10);
        Assert.Equal(keep, Assert.Single(left).Id);
        Assert.Equal(1, await Store.SweepExpiredAsync());

        Assert.Equal(1, await Store.InvalidatePartitionAsync(TenantA));
        Assert.Empty(await Store.SearchAsync(TenantA, v, 0.5f, 10));
    }

    [Fact]
    public async Task Bad_arguments_are_rejected_with_the_parameter_named()
    {
        ArgumentException nan = await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Store.AddAsync(TenantA, "q", new float[Dims], new byte[] { 1 }));
        Assert.Equal("vector", nan.ParamName);
        ArgumentException dims = await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Store.SearchAsync(TenantA, new float[] { 1, 2, 3 }, 0.9f, 1));
        Assert.Equal("vector", dims.ParamName);
        ArgumentException partition = await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Store.SearchAsync(default, Vector(1), 0.9f, 1));
        Assert.Equal("partition", partition.ParamName);
        ArgumentException k = await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Store.SearchAsync(TenantA, Vector(1), 0.9f, 0));
        Assert.Equal("k", k.ParamName);
    }

    [Fact]
    public async Task Same_key_text_is_stored_once_and_the_newest_answer_wins()
    {
        float[] v = Vector(7);
        await Store.AddAsync(TenantA, "How do I reset my password?", v, new byte[] { 1 });
        await Store.AddAsync(TenantA, "How do I reset my password?", v, new byte[] { 2 });
        await Store.AddAsync(TenantB, "How do I reset my password?", v, new byte[] { 3 });

        SemanticSearchResult only = Assert.Single(await Store.SearchAsync(TenantA, v, 0.5f, 10));
        Assert.Equal(new byte[] { 2 }, only.Payload.ToArray());
        Assert.Single(await Store.SearchAsync(TenantB, v, 0.5f, 10));
    }

    [Theory]
    [InlineData("doc:a\\nb")]
    [InlineData("doc:\\u0000")]
    [InlineData("doc:\\t")]
    public async Task Tags_with_control_characters_are_rejected_naming_the_tag(string escaped)
    {
        string tag = System.Text.RegularExpressions.Regex.Unescape(escaped);
        ArgumentException error = await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Store.AddAsync(TenantA, "q", Vector(8), new byte[] { 1 }, new[] { "ok", tag }));
        Assert.Equal("tags", error.ParamName);
        Assert.Contains(escaped, error.Message, StringComparison.Ordinal);
    }
}

public sealed class InMemorySemanticStoreTests : SemanticStoreContractTests, IDisposable
{
    private readonly InMemorySemanticCacheStore _store;

    public InMemorySemanticStoreTests() => _store = new InMemorySemanticCacheStore(Dims, new VectorCollectionOptions { TimeProvider = Clock });

    protected override ISemanticCacheStore Store => _store;

    [Fact]
    public async Task Large_partitions_switch_to_hnsw_and_still_find_entries()
    {
        using var store = new InMemorySemanticCacheStore(Dims, new VectorCollectionOptions { HnswThreshold = 50 });
        for (int i = 0; i < 120; i++)
        {
            await store.AddAsync(TenantA, $"q{i}", Vector(1000 + i), new byte[] { (byte)i });
        }

        for (int i = 0; i < 120; i += 11)
        {
            IReadOnlyList<SemanticSearchResult> r = await store.SearchAsync(TenantA, Vector(1000 + i), 0.99f, 1);
            Assert.Equal($"q{i}", Assert.Single(r).KeyText);
        }
    }

    public void Dispose() => _store.Dispose();
}
