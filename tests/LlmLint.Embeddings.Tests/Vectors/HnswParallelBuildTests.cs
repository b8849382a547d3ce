using System;
using System.Collections.Generic;
using System.IO;
using LlmLint.Vectors;

namespace LlmLint.Embeddings.Tests.Vectors;

public class HnswParallelBuildTests
{
    private static double Recall1(IVectorIndex index, float[][] data, float[][] queries)
    {
        using var exact = new FlatVectorIndex(data[0].Length, data.Length);
        for (int i = 0; i < data.Length; i++)
        {
            exact.Add(i, data[i]);
        }

        var truth = new VectorHit[1];
        var hits = new VectorHit[10];
        int top1 = 0;
        foreach (float[] q in queries)
        {
            exact.Search(q, truth);
            Assert.Equal(10, index.Search(q, hits));
            if (hits[0].Id == truth[0].Id)
            {
                top1++;
                Assert.Equal(truth[0].Similarity, hits[0].Similarity, 5);
            }
        }

        return top1 / (double)queries.Length;
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void Parallel_build_reaches_recall_against_exact(int threads)
    {
        float[][] data = TestVectors.Clustered(4000, 64, clusters: 40, spread: 0.5f, seed: 51);
        float[][] queries = TestVectors.Clustered(300, 64, clusters: 40, spread: 0.5f, seed: 52);
        using var index = new HnswVectorIndex(64, new HnswOptions { M = 16, EfConstruction = 100, EfSearch = 200 });
        index.AddRange(TestVectors.Ids(data.Length), TestVectors.RowMajor(data), threads);
        Assert.Equal(data.Length, index.Count);
        double recall = Recall1(index, data, queries);
        Assert.True(recall >= 0.99, $"recall@1 {recall:P1} with {threads} threads");

        // Stored vectors find themselves. A node whose links become visible before all of them are written traps
        // concurrent inserts (they link to it alone), which left runs of consecutive nodes unreachable; a sound build
        // misses none here, whatever the thread timing, and the bound leaves room for the odd hard node only.
        var hits = new VectorHit[1];
        int self = 0;
        for (int i = 0; i < data.Length; i++)
        {
            index.Search(data[i], hits);
            self += hits[0].Id == i ? 1 : 0;
        }

        Assert.True(self >= data.Length - 4, $"{data.Length - self} of {data.Length} stored vectors did not find themselves");
    }

    [Fact]
    public void AddRange_after_single_adds_replaces_ids_and_keeps_tombstones_hidden()
    {
        float[][] first = TestVectors.Random(500, 32, seed: 53);
        float[][] second = TestVectors.Random(1500, 32, seed: 54);
        using var index = new HnswVectorIndex(32, new HnswOptions { M = 12, EfConstruction = 80, EfSearch = 80 });
        for (int i = 0; i < first.Length; i++)
        {
            index.Add(i, first[i]);
        }

        // Ids 250..1749: the first 250 replace stored vectors.
        index.AddRange(TestVectors.Ids(second.Length, 250), TestVectors.RowMajor(second), maxDegreeOfParallelism: 2);
        Assert.Equal(1750, index.Count);
        Assert.Equal(250, index.DeletedCount);
        // Approximate search: nearly every stored vector finds itself, and no search returns a replaced vector.
        var hits = new VectorHit[5];
        int self = 0;
        for (int i = 0; i < second.Length; i++)
        {
            Assert.Equal(5, index.Search(second[i], hits));
            self += hits[0].Id == 250 + i ? 1 : 0;
            Assert.Equal(1f, hits[0].Id == 250 + i ? hits[0].Similarity : 1f, 5);
        }

        for (int i = 0; i < 250; i++)
        {
            index.Search(first[i], hits);
            self += hits[0].Id == i ? 1 : 0;
        }

        Assert.True(self >= 0.99 * 1750, $"{self} of 1750 stored vectors found themselves");
        for (int i = 250; i < 500; i++)
        {
            // The old vector of a replaced id is a tombstone: its id is only ever returned with the new vector's similarity.
            index.Search(first[i], hits);
            foreach (VectorHit hit in hits)
            {
                if (hit.Id == i)
                {
                    Assert.True(hit.Similarity < 0.999f, $"replaced vector of id {i} was returned");
                }
            }
        }
    }

    [Fact]
    public void AddRange_rejects_a_bad_batch_without_changing_the_index()
    {
        using var index = new HnswVectorIndex(4);
        index.Add(1, new float[] { 1, 0, 0, 0 });
        float[] batch = { 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, float.NaN, 0 };
        ArgumentException nan = Assert.Throws<ArgumentException>(() => index.AddRange(new long[] { 10, 11, 12 }, batch));
        Assert.Equal("vectors", nan.ParamName);
        Assert.Contains("Vector 2", nan.Message, StringComparison.Ordinal);
        Assert.Contains("non-finite", nan.Message, StringComparison.Ordinal);

        ArgumentException length = Assert.Throws<ArgumentException>(() => index.AddRange(new long[] { 10, 11 }, batch));
        Assert.Equal("vectors", length.ParamName);

        ArgumentException zero = Assert.Throws<ArgumentException>(() => index.AddRange(new long[] { 10 }, new float[4]));
        Assert.Contains("zero", zero.Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentOutOfRangeException>(() => index.AddRange(new long[] { 10 }, new float[] { 1, 0, 0, 0 }, 0));
        Assert.Equal(1, index.Count);
        Assert.False(index.Contains(10));
    }

    [Fact]
    public void Save_and_load_round_trip_gives_the_same_results_and_stays_writable()
    {
        float[][] data = TestVectors.Clustered(3000, 48, clusters: 20, spread: 0.5f, seed: 55);
        float[][] queries = TestVectors.Clustered(100, 48, clusters: 20, spread: 0.5f, seed: 56);
        using var index = new HnswVectorIndex(48, new HnswOptions { M = 10, EfConstruction = 60, EfSearch = 40, Seed = 3 });
        index.AddRange(TestVectors.Ids(data.Length), TestVectors.RowMajor(data));
        for (int i = 0; i < data.Length; i += 10)
        {
            index.Remove(i);
        }

        string path = Path.Combine(Path.GetTempPath(), $"llmlint-hnsw-{Guid.NewGuid():N}.bin");
        try
        {
            index.Save(path);
            using HnswVectorIndex loaded = HnswVectorIndex.Load(path);
            Assert.Equal(index.Count, loaded.Count);
            Assert.Equal(index.DeletedCount, loaded.DeletedCount);
            Assert.Equal(48, loaded.Dimensions);
            Assert.Equal(40, loaded.EfSearch);
            var a = new VectorHit[10];
            var b = new VectorHit[10];
            foreach (float[] q in queries)
            {
                int na = index.Search(q, a);
                int nb = loaded.Search(q, b);
                Assert.Equal(na, nb);
                Assert.Equal(a, b);
            }

            Assert.False(loaded.Contains(0));
            Assert.True(loaded.Contains(1));
            loaded.Add(99_999, data[0]);
            loaded.Search(data[0], a);
            Assert.Equal(99_999, a[0].Id);
            loaded.Compact();
            Assert.Equal(0, loaded.DeletedCount);
            loaded.Search(data[1], a);
            Assert.Equal(1, a[0].Id);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Empty_index_round_trips()
    {
        using var index = new HnswVectorIndex(8);
        using var stream = new MemoryStream();
        index.Save(stream);
        stream.Position = 0;
        using HnswVectorIndex loaded = HnswVectorIndex.Load(stream);
        Assert.Equal(0, loaded.Count);
        Assert.Equal(0, loaded.Search(TestVectors.Unit(8, 1), new VectorHit[3]));
        loaded.Add(5, TestVectors.Unit(8, 1));
        Assert.True(loaded.Contains(5));
    }

    [Fact]
    public void Corrupt_truncated_and_foreign_files_fail_with_clear_errors()
    {
        float[][] data = TestVectors.Random(300, 16, seed: 57);
        using var index = new HnswVectorIndex(16, new HnswOptions { M = 6, EfConstruction = 30 });
        index.AddRange(TestVectors.Ids(data.Length), TestVectors.RowMajor(data));
        using var stream = new MemoryStream();
        index.Save(stream);
        byte[] good = stream.ToArray();
        string path = Path.Combine(Path.GetTempPath(), $"llmlint-hnsw-{Guid.NewGuid():N}.bin");
        try
        {
            byte[] flipped = (byte[])good.Clone();
            flipped[good.Length / 2] ^= 0x40;
            File.WriteAllBytes(path, flipped);
            InvalidDataException corrupt = Assert.Throws<InvalidDataException>(() => HnswVectorIndex.Load(path));
            Assert.Contains(path, corrupt.Message, StringComparison.Ordinal);
            Assert.Contains("checksum", corrupt.Message, StringComparison.Ordinal);

            File.WriteAllBytes(path, good.AsSpan(0, good.Length - 100).ToArray());
            InvalidDataException truncated = Assert.Throws<InvalidDataException>(() => HnswVectorIndex.Load(path));
            Assert.Contains("truncated", truncated.Message, StringComparison.Ordinal);

            byte[] version = (byte[])good.Clone();
            version[8] = 99;
            File.WriteAllBytes(path, version);
            InvalidDataException newer = Assert.Throws<InvalidDataException>(() => HnswVectorIndex.Load(path));
            Assert.Contains("format version 99", newer.Message, StringComparison.Ordinal);

            File.WriteAllText(path, "not a graph, just some text that is long enough to fill a header");
            InvalidDataException foreign = Assert.Throws<InvalidDataException>(() => HnswVectorIndex.Load(path));
            Assert.Contains("not an HNSW index", foreign.Message, StringComparison.Ordinal);

            byte[] header = (byte[])good.Clone();
            BitConverter.GetBytes(-5).CopyTo(header, 12); // dimensions
            File.WriteAllBytes(path, header);
            InvalidDataException badHeader = Assert.Throws<InvalidDataException>(() => HnswVectorIndex.Load(path));
            Assert.Contains("invalid header", badHeader.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
