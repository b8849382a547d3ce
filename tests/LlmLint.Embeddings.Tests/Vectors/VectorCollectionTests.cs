using System;
using LlmLint.Vectors;

namespace LlmLint.Embeddings.Tests.Vectors;

public class VectorCollectionTests
{
    [Fact]
    public void Expired_entries_are_never_returned_and_sweep_removes_them()
    {
        var clock = new ManualTimeProvider();
        using var collection = new VectorCollection(4, new VectorCollectionOptions { TimeProvider = clock });
        collection.Add(1, new float[] { 1, 0, 0, 0 }, clock.GetUtcNow().AddMinutes(5));
        collection.Add(2, new float[] { 0.8f, 0.2f, 0, 0 }, expiresAt: null);
        var hits = new VectorHit[2];
        Assert.Equal(2, collection.Search(new float[] { 1, 0, 0, 0 }, hits));
        Assert.Equal(1, hits[0].Id);

        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, collection.Search(new float[] { 1, 0, 0, 0 }, hits));
        Assert.Equal(2, hits[0].Id);
        Assert.Equal(2, collection.Count);

        Assert.Equal(new long[] { 1 }, collection.SweepExpired());
        Assert.Equal(1, collection.Count);
    }

    [Fact]
    public void Tag_invalidation_removes_only_tagged_entries()
    {
        using var collection = new VectorCollection(4);
        collection.Add(1, new float[] { 1, 0, 0, 0 }, tags: new[] { "doc:a" });
        collection.Add(2, new float[] { 0, 1, 0, 0 }, tags: new[] { "doc:a", "doc:b" });
        collection.Add(3, new float[] { 0, 0, 1, 0 }, tags: new[] { "doc:b" });
        Assert.Equal(2, collection.RemoveByTag("doc:a").Count);
        Assert.Empty(collection.RemoveByTag("doc:a"));
        var hits = new VectorHit[3];
        Assert.Equal(1, collection.Search(new float[] { 1, 1, 1, 0 }, hits));
        Assert.Equal(3, hits[0].Id);
    }

    [Fact]
    public void Collection_moves_from_flat_to_hnsw_above_the_threshold_and_keeps_every_entry()
    {
        float[][] data = TestVectors.Random(300, 16, seed: 3);
        using var collection = new VectorCollection(16, new VectorCollectionOptions { HnswThreshold = 100, Hnsw = new HnswOptions { M = 8, EfConstruction = 64, EfSearch = 64 } });
        for (int i = 0; i < 100; i++)
        {
            collection.Add(i, data[i]);
        }

        Assert.False(collection.IsApproximate);
        for (int i = 100; i < data.Length; i++)
        {
            collection.Add(i, data[i], tags: new[] { i % 2 == 0 ? "even" : "odd" });
        }

        Assert.True(collection.IsApproximate);
        var hits = new VectorHit[1];
        for (int i = 0; i < data.Length; i += 7)
        {
            collection.Search(data[i], hits);
            Assert.Equal(i, hits[0].Id);
        }

        Assert.Equal(100, collection.RemoveByTag("even").Count);
        collection.Search(data[150], hits);
        Assert.NotEqual(150, hits[0].Id);
    }
}
