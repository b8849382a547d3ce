using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Vectors;

namespace LlmLint.Embeddings.Tests.Vectors;

public class HnswIndexTests
{
    private static (double Recall1, double Recall10) Recall(float[][] data, float[][] queries, HnswOptions options)
    {
        int dims = data[0].Length;
        using var exact = new FlatVectorIndex(dims, data.Length);
        using var hnsw = new HnswVectorIndex(dims, options, data.Length);
        for (int i = 0; i < data.Length; i++)
        {
            exact.Add(i, data[i]);
            hnsw.Add(i, data[i]);
        }

        var truth = new VectorHit[10];
        var approx = new VectorHit[10];
        int top1 = 0, top10 = 0;
        foreach (float[] q in queries)
        {
            exact.Search(q, truth);
            hnsw.Search(q, approx);
            if (approx[0].Id == truth[0].Id)
            {
                top1++;
            }

            var set = new HashSet<long>();
            foreach (VectorHit h in truth)
            {
                set.Add(h.Id);
            }

            foreach (VectorHit h in approx)
            {
                top10 += set.Contains(h.Id) ? 1 : 0;
            }
        }

        return ((double)top1 / queries.Length, top10 / (10.0 * queries.Length));
    }

    [Fact]
    public void Recall_against_exact_on_random_data()
    {
        float[][] data = TestVectors.Random(4000, 64, seed: 11);
        float[][] queries = TestVectors.Random(200, 64, seed: 12);
        (double r1, double r10) = Recall(data, queries, new HnswOptions { M = 16, EfConstruction = 100, EfSearch = 100 });
        Assert.True(r1 >= 0.95, $"recall@1 {r1:P1}");
        Assert.True(r10 >= 0.90, $"recall@10 {r10:P1}");
    }

    [Fact]
    public void Recall_against_exact_on_clustered_data()
    {
        float[][] data = TestVectors.Clustered(4000, 64, clusters: 40, spread: 0.5f, seed: 13);
        float[][] queries = TestVectors.Clustered(200, 64, clusters: 40, spread: 0.5f, seed: 13 + 1);
        (double r1, double r10) = Recall(data, queries, new HnswOptions { M = 16, EfConstruction = 100, EfSearch = 100 });
        Assert.True(r1 >= 0.95, $"recall@1 {r1:P1}");
        Assert.True(r10 >= 0.90, $"recall@10 {r10:P1}");
    }

    [Fact]
    public void Same_inserts_with_same_seed_give_same_results()
    {
        float[][] data = TestVectors.Random(1000, 16, seed: 21);
        using var a = new HnswVectorIndex(16, new HnswOptions { M = 6, EfConstruction = 20, EfSearch = 8, Seed = 7 });
        using var b = new HnswVectorIndex(16, new HnswOptions { M = 6, EfConstruction = 20, EfSearch = 8, Seed = 7 });
        for (int i = 0; i < data.Length; i++)
        {
            a.Add(i, data[i]);
            b.Add(i, data[i]);
        }

        var ha = new VectorHit[5];
        var hb = new VectorHit[5];
        foreach (float[] q in TestVectors.Random(50, 16, seed: 22))
        {
            a.Search(q, ha);
            b.Search(q, hb);
            Assert.Equal(ha, hb);
        }
    }

    [Fact]
    public void Visit_marks_survive_their_wrap_every_255_walks()
    {
        // A walk marks nodes with a one-byte stamp; after 255 walks the marks are cleared and the stamps restart. A mark
        // left from an earlier walk must never hide a node: the same query gives the same hits on every pass.
        float[][] data = TestVectors.Random(800, 16, seed: 31);
        using var index = new HnswVectorIndex(16, new HnswOptions { M = 6, EfConstruction = 40, EfSearch = 16, Seed = 3 });
        for (int i = 0; i < data.Length; i++)
        {
            index.Add(i, data[i]);
        }

        float[][] queries = TestVectors.Random(7, 16, seed: 32);
        var first = new VectorHit[queries.Length][];
        var hits = new VectorHit[5];
        for (int pass = 0; pass < 120; pass++)
        {
            for (int q = 0; q < queries.Length; q++)
            {
                Assert.Equal(5, index.Search(queries[q], hits));
                if (pass == 0)
                {
                    first[q] = (VectorHit[])hits.Clone();
                }
                else
                {
                    Assert.Equal(first[q], hits);
                }
            }
        }
    }

    [Fact]
    public void Tombstones_are_skipped_and_compaction_reclaims_them()
    {
        float[][] data = TestVectors.Random(1000, 32, seed: 31);
        using var index = new HnswVectorIndex(32, new HnswOptions { M = 8, EfConstruction = 64, EfSearch = 64 });
        for (int i = 0; i < data.Length; i++)
        {
            index.Add(i, data[i]);
        }

        for (int i = 0; i < data.Length; i += 2)
        {
            Assert.True(index.Remove(i));
        }

        Assert.Equal(500, index.Count);
        Assert.Equal(500, index.DeletedCount);
        var hits = new VectorHit[10];
        for (int i = 0; i < 100; i++)
        {
            int found = index.Search(data[i], hits);
            Assert.Equal(10, found);
            foreach (VectorHit hit in hits)
            {
                Assert.True(hit.Id % 2 == 1, $"deleted id {hit.Id} returned");
            }

            if (i % 2 == 1)
            {
                Assert.Equal(i, hits[0].Id);
            }
        }

        index.Compact();
        Assert.Equal(0, index.DeletedCount);
        Assert.Equal(500, index.Count);
        for (int i = 1; i < 200; i += 2)
        {
            index.Search(data[i], hits);
            Assert.Equal(i, hits[0].Id);
        }
    }

    [Fact]
    public async Task Concurrent_readers_and_a_writer_see_consistent_results()
    {
        const int dims = 32;
        float[][] data = TestVectors.Random(3000, dims, seed: 41);
        using var index = new HnswVectorIndex(dims, new HnswOptions { M = 8, EfConstruction = 40, EfSearch = 40 });
        for (int i = 0; i < 1000; i++)
        {
            index.Add(i, data[i]);
        }

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        int searches = 0;
        Exception? failure = null;
        Task writer = Task.Run(() =>
        {
            for (int i = 1000; i < data.Length && !stop.IsCancellationRequested; i++)
            {
                index.Add(i, data[i]);
                if (i % 3 == 0)
                {
                    index.Remove(i - 500);
                }
            }
        });

        var readers = new Task[3];
        for (int r = 0; r < readers.Length; r++)
        {
            int seed = r;
            readers[r] = Task.Run(() =>
            {
                var random = new Random(seed);
                var hits = new VectorHit[5];
                try
                {
                    while (!stop.IsCancellationRequested && !writer.IsCompleted)
                    {
                        int target = random.Next(0, 500);
                        int found = index.Search(data[target], hits);
                        if (found == 0 || hits[0].Id != target)
                        {
                            throw new InvalidOperationException($"search for stable id {target} returned {(found == 0 ? "nothing" : hits[0].Id.ToString())}");
                        }

                        for (int i = 1; i < found; i++)
                        {
                            if (hits[i].Similarity > hits[i - 1].Similarity)
                            {
                                throw new InvalidOperationException("results out of order");
                            }
                        }

                        Interlocked.Increment(ref searches);
                    }
                }
                catch (Exception ex)
                {
                    failure = ex;
                }
            });
        }

        await Task.WhenAll(readers);
        await writer;
        Assert.Null(failure);
        Assert.True(searches > 100, $"only {searches} searches ran");
    }

    [Fact]
    public void Options_are_validated()
    {
        ArgumentException ex = Assert.Throws<ArgumentException>(() => new HnswVectorIndex(8, new HnswOptions { M = 1 }));
        Assert.Equal("options", ex.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new HnswVectorIndex(0));
    }
}
