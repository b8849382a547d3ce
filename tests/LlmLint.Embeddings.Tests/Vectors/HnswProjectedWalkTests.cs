using System;
using System.IO;
using System.Numerics.Tensors;
using LlmLint.Vectors;
using static LlmLint.Embeddings.Tests.Vectors.SpectrumVectors;

namespace LlmLint.Embeddings.Tests.Vectors;

/// <summary>The HNSW walk in a projected space (<c>WalkDimensions</c>): recall with exact similarities, when the projection is fitted, persistence, options, removals and filters.</summary>
public class HnswProjectedWalkTests
{
    private static float Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }

        return (float)(dot / Math.Sqrt(na * nb));
    }

    /// <summary>Recall@1 against exact flat search (with the same filter and removals), checking every returned similarity is the exact cosine.</summary>
    private static double Recall1(HnswVectorIndex index, float[][] data, float[][] queries, Func<long, bool>? alive = null, VectorFilter? filter = null)
    {
        using var exact = new FlatVectorIndex(data[0].Length, data.Length);
        for (int i = 0; i < data.Length; i++)
        {
            if (alive is null || alive(i))
            {
                exact.Add(i, data[i]);
            }
        }

        var truth = new VectorHit[1];
        var hits = new VectorHit[10];
        int top1 = 0;
        foreach (float[] q in queries)
        {
            Assert.Equal(1, exact.Search(q, truth, filter));
            int found = index.Search(q, hits, filter);
            Assert.Equal(10, found);
            for (int j = 0; j < found; j++)
            {
                Assert.True(alive is null || alive(hits[j].Id), $"removed id {hits[j].Id} returned");
                Assert.True(filter is null || filter(hits[j].Id), $"filtered-out id {hits[j].Id} returned");
                Assert.Equal(Cosine(data[hits[j].Id], q), hits[j].Similarity, 1e-5f);
                Assert.True(j == 0 || hits[j].Similarity <= hits[j - 1].Similarity);
            }

            top1 += hits[0].Id == truth[0].Id ? 1 : 0;
        }

        return top1 / (double)queries.Length;
    }

    [Fact]
    public void Projected_walk_on_a_decaying_spectrum_reaches_recall_with_exact_similarities()
    {
        const int Dims = 128;
        double[][] rotation = RandomRotation(Dims, 1);
        float[][] data = Spectrum(6000, Dims, Decaying(Dims), rotation, seed: 2);
        float[][] queries = Spectrum(200, Dims, Decaying(Dims), rotation, seed: 3);
        using var index = new HnswVectorIndex(Dims, new HnswOptions { M = 16, EfConstruction = 100, EfSearch = 64, WalkDimensions = 32, WalkTrainingSize = 2000 });
        index.AddRange(TestVectors.Ids(data.Length), TestVectors.RowMajor(data), maxDegreeOfParallelism: 2);
        Assert.True(index.IsWalkProjected);
        Assert.Equal(32, index.WalkDimensions);
        double recall = Recall1(index, data, queries);
        Assert.True(recall >= 0.98, $"recall@1 {recall:P1} with the projected walk");
    }

    [Fact]
    public void Data_in_a_16_dimensional_subspace_is_captured_exactly()
    {
        const int Dims = 96;
        double[][] rotation = RandomRotation(Dims, 8);
        var sigma = new double[16];
        Array.Copy(Decaying(16, 1.0), sigma, 16);
        float[][] data = Spectrum(3000, Dims, sigma, rotation, seed: 9);
        float[][] queries = Spectrum(200, Dims, sigma, rotation, seed: 10);
        using var index = new HnswVectorIndex(Dims, new HnswOptions { M = 12, EfConstruction = 80, EfSearch = 64, WalkDimensions = 16, WalkTrainingSize = 1000 });
        index.AddRange(TestVectors.Ids(data.Length), TestVectors.RowMajor(data), maxDegreeOfParallelism: 2);
        Assert.True(index.IsWalkProjected);

        // Reconstruction x ≈ μ + Bᵀ B (x − μ): the residual vanishes.
        float[] basis = index.WalkBasis!;
        float[] mu = index.WalkMean!;
        var centred = new float[Dims];
        var reconstructed = new float[Dims];
        for (int n = 0; n < data.Length; n += 7)
        {
            TensorPrimitives.Subtract(data[n], mu, centred);
            Array.Clear(reconstructed);
            for (int j = 0; j < 16; j++)
            {
                ReadOnlySpan<float> b = basis.AsSpan(j * Dims, Dims);
                TensorPrimitives.MultiplyAdd(b, TensorPrimitives.Dot(b, centred), reconstructed, reconstructed);
            }

            TensorPrimitives.Subtract(centred, reconstructed, reconstructed);
            Assert.True(TensorPrimitives.Norm(reconstructed) < 1e-4f, $"vector {n}: residual {TensorPrimitives.Norm(reconstructed)}");
        }

        Assert.Equal(1.0, Recall1(index, data, queries));
    }

    [Fact]
    public void One_by_one_Add_fits_when_the_count_reaches_the_training_size()
    {
        const int Dims = 64;
        double[][] rotation = RandomRotation(Dims, 11);
        float[][] data = Spectrum(1500, Dims, Decaying(Dims), rotation, seed: 12);
        float[][] queries = Spectrum(100, Dims, Decaying(Dims), rotation, seed: 13);
        using var index = new HnswVectorIndex(Dims, new HnswOptions { M = 12, EfConstruction = 80, EfSearch = 80, WalkDimensions = 16, WalkTrainingSize = 400 });
        for (int i = 0; i < data.Length; i++)
        {
            index.Add(i, data[i]);
            Assert.Equal(i + 1 >= 400, index.IsWalkProjected);
        }

        // Each direction's quantisation step is its largest magnitude over the training sample (the first 400 vectors) / 127.
        float[] mean = index.WalkMean!, basis = index.WalkBasis!, steps = index.WalkSteps!;
        Assert.Equal(16, steps.Length);
        var centred = new float[Dims];
        for (int j = 0; j < steps.Length; j++)
        {
            float largest = 0;
            for (int i = 0; i < 400; i++)
            {
                TensorPrimitives.Divide(data[i], TensorPrimitives.Norm(data[i]), centred);
                TensorPrimitives.Subtract(centred, mean, centred);
                largest = Math.Max(largest, Math.Abs(TensorPrimitives.Dot(basis.AsSpan(j * Dims, Dims), centred)));
            }

            Assert.Equal(largest / 127f, steps[j], largest * 1e-4f);
        }

        Assert.True(steps[0] > steps[15], "the leading direction has the widest range");

        double recall = Recall1(index, data, queries);
        Assert.True(recall >= 0.95, $"recall@1 {recall:P1}");
    }

    [Fact]
    public void AddRange_fits_when_a_batch_crosses_the_training_size()
    {
        const int Dims = 64;
        double[][] rotation = RandomRotation(Dims, 14);
        float[][] data = Spectrum(1500, Dims, Decaying(Dims), rotation, seed: 15);
        float[][] queries = Spectrum(100, Dims, Decaying(Dims), rotation, seed: 16);
        float[] rows = TestVectors.RowMajor(data);
        long[] ids = TestVectors.Ids(data.Length);

        // Below the training size, then a batch that crosses it.
        using var crossing = new HnswVectorIndex(Dims, new HnswOptions { M = 12, EfConstruction = 80, EfSearch = 80, WalkDimensions = 16, WalkTrainingSize = 500 });
        crossing.AddRange(ids.AsSpan(0, 300), rows.AsSpan(0, 300 * Dims), 2);
        Assert.False(crossing.IsWalkProjected);
        Assert.Equal(16, crossing.WalkDimensions);
        crossing.AddRange(ids.AsSpan(300), rows.AsSpan(300 * Dims), 2);
        Assert.True(crossing.IsWalkProjected);
        double recall = Recall1(crossing, data, queries);
        Assert.True(recall >= 0.95, $"recall@1 {recall:P1} (batch crossing the training size)");

        // One batch from empty, past the training size.
        using var single = new HnswVectorIndex(Dims, new HnswOptions { M = 12, EfConstruction = 80, EfSearch = 80, WalkDimensions = 16, WalkTrainingSize = 500 });
        single.AddRange(ids, rows, 2);
        Assert.True(single.IsWalkProjected);
        recall = Recall1(single, data, queries);
        Assert.True(recall >= 0.95, $"recall@1 {recall:P1} (one batch)");
    }

    [Fact]
    public void Walk_option_leaves_the_graph_unchanged_and_can_be_toggled()
    {
        const int Dims = 48;
        double[][] rotation = RandomRotation(Dims, 17);
        float[][] data = Spectrum(1200, Dims, Decaying(Dims), rotation, seed: 18);
        float[][] queries = Spectrum(100, Dims, Decaying(Dims), rotation, seed: 19);
        using var plain = new HnswVectorIndex(Dims, new HnswOptions { M = 10, EfConstruction = 60, EfSearch = 40 });
        using var walked = new HnswVectorIndex(Dims, new HnswOptions { M = 10, EfConstruction = 60, EfSearch = 40, WalkDimensions = 12, WalkTrainingSize = 300 });
        for (int i = 0; i < data.Length; i++)
        {
            plain.Add(i, data[i]);
            walked.Add(i, data[i]);
        }

        Assert.True(walked.IsWalkProjected);
        Assert.False(plain.IsWalkProjected);
        Assert.True(Recall1(walked, data, queries) >= 0.95);

        // Construction reads the full codes, so with the projection off the two indexes answer bit for bit alike.
        walked.DisableProjectedWalk();
        Assert.False(walked.IsWalkProjected);
        Assert.Equal(0, walked.WalkDimensions);
        var a = new VectorHit[10];
        var b = new VectorHit[10];
        foreach (float[] q in queries)
        {
            Assert.Equal(plain.Search(q, a), walked.Search(q, b));
            Assert.Equal(a, b);
        }

        // Enabling on a built graph fits at once; below the training size it waits for more vectors.
        plain.EnableProjectedWalk(12, trainingSize: 300);
        Assert.True(plain.IsWalkProjected);
        Assert.True(Recall1(plain, data, queries) >= 0.95);
        plain.EnableProjectedWalk(12, trainingSize: 2000);
        Assert.False(plain.IsWalkProjected);
        Assert.Equal(12, plain.WalkDimensions);
    }

    [Fact]
    public void Save_and_load_keep_the_projection_and_read_version_1_files()
    {
        const int Dims = 64;
        double[][] rotation = RandomRotation(Dims, 20);
        float[][] data = Spectrum(1500, Dims, Decaying(Dims), rotation, seed: 21);
        float[][] queries = Spectrum(100, Dims, Decaying(Dims), rotation, seed: 22);
        using var index = new HnswVectorIndex(Dims, new HnswOptions { M = 12, EfConstruction = 80, EfSearch = 50, WalkDimensions = 16, WalkTrainingSize = 600 });
        index.AddRange(TestVectors.Ids(data.Length), TestVectors.RowMajor(data), 2);
        for (int i = 0; i < data.Length; i += 9)
        {
            index.Remove(i);
        }

        string path = Path.Combine(Path.GetTempPath(), $"llmlint-hnsw-walk-{Guid.NewGuid():N}.bin");
        try
        {
            index.Save(path);
            byte[] file = File.ReadAllBytes(path);
            Assert.Equal(HnswVectorIndex.FileFormatVersion, BitConverter.ToInt32(file, 8));
            Assert.Equal(3, HnswVectorIndex.FileFormatVersion);
            using (HnswVectorIndex loaded = HnswVectorIndex.Load(path))
            {
                Assert.True(loaded.IsWalkProjected);
                Assert.Equal(16, loaded.WalkDimensions);
                Assert.Equal(index.WalkBasis, loaded.WalkBasis);
                Assert.Equal(index.WalkSteps, loaded.WalkSteps);
                SameResults(index, loaded, queries);
                loaded.Add(50_000, data[0]);
                var hit = new VectorHit[1];
                loaded.Search(data[0], hit);
                Assert.True(hit[0].Id is 50_000 or 0 && hit[0].Similarity > 0.9999f);
                loaded.Compact();
                Assert.True(loaded.IsWalkProjected);
                Assert.Equal(0, loaded.DeletedCount);
                loaded.Search(data[1], hit);
                Assert.Equal(1, hit[0].Id);
            }

            // A corrupt projected-code byte (the last payload bytes before the checksum) fails the checksum; the file is named.
            byte[] flipped = (byte[])file.Clone();
            flipped[file.Length - 9] ^= 0x21;
            File.WriteAllBytes(path, flipped);
            InvalidDataException corrupt = Assert.Throws<InvalidDataException>(() => HnswVectorIndex.Load(path));
            Assert.Contains(path, corrupt.Message, StringComparison.Ordinal);
            Assert.Contains("checksum", corrupt.Message, StringComparison.Ordinal);

            File.WriteAllBytes(path, file.AsSpan(0, file.Length - 500).ToArray());
            InvalidDataException truncated = Assert.Throws<InvalidDataException>(() => HnswVectorIndex.Load(path));
            Assert.Contains("truncated", truncated.Message, StringComparison.Ordinal);
            Assert.Contains(path, truncated.Message, StringComparison.Ordinal);

            byte[] badWalk = (byte[])file.Clone();
            BitConverter.GetBytes(Dims).CopyTo(badWalk, 8 + (11 * 4)); // walk dimensions = index dimensions
            File.WriteAllBytes(path, badWalk);
            InvalidDataException header = Assert.Throws<InvalidDataException>(() => HnswVectorIndex.Load(path));
            Assert.Contains("invalid header", header.Message, StringComparison.Ordinal);
            Assert.Contains(path, header.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }

        // Version 2: a scale per node instead of a step per direction. The projection loads and the codes are recomputed.
        using (var v2 = new MemoryStream())
        {
            index.Save(v2, version: 2);
            byte[] v2Bytes = v2.ToArray();
            Assert.Equal(2, BitConverter.ToInt32(v2Bytes, 8));
            using HnswVectorIndex fromV2 = HnswVectorIndex.Load(new MemoryStream(v2Bytes), "v2");
            Assert.True(fromV2.IsWalkProjected);
            Assert.Equal(index.WalkBasis, fromV2.WalkBasis);
            Assert.Equal(16, fromV2.WalkSteps!.Length);
            Assert.All(fromV2.WalkSteps, step => Assert.True(step > 0 && float.IsFinite(step)));
            var x = new VectorHit[1];
            var y = new VectorHit[1];
            int sameTop = 0;
            foreach (float[] q in queries)
            {
                index.Search(q, x);
                fromV2.Search(q, y);
                sameTop += x[0].Id == y[0].Id ? 1 : 0;
                Assert.Equal(TensorPrimitives.CosineSimilarity(q, data[y[0].Id]), y[0].Similarity, 4);
            }

            Assert.True(sameTop >= 95, $"{sameTop} of 100 queries have the same top hit after a version-2 load");
        }

        // Version 1: the layout before the projected walk.
        index.DisableProjectedWalk();
        using var v1 = new MemoryStream();
        index.Save(v1, version: 1);
        byte[] v1Bytes = v1.ToArray();
        Assert.Equal(1, BitConverter.ToInt32(v1Bytes, 8));
        using HnswVectorIndex fromV1 = HnswVectorIndex.Load(new MemoryStream(v1Bytes), "v1");
        Assert.False(fromV1.IsWalkProjected);
        Assert.Equal(0, fromV1.WalkDimensions);
        SameResults(index, fromV1, queries);
        fromV1.EnableProjectedWalk(16, 600);
        Assert.True(fromV1.IsWalkProjected);

        // A projected walk that is on but not fitted yet round-trips and fits once the index grows.
        using var small = new HnswVectorIndex(Dims, new HnswOptions { WalkDimensions = 16, WalkTrainingSize = 200 });
        for (int i = 0; i < 150; i++)
        {
            small.Add(i, data[i]);
        }

        using var pending = new MemoryStream();
        small.Save(pending);
        pending.Position = 0;
        using HnswVectorIndex reloaded = HnswVectorIndex.Load(pending);
        Assert.False(reloaded.IsWalkProjected);
        Assert.Equal(16, reloaded.WalkDimensions);
        for (int i = 150; i < 250; i++)
        {
            reloaded.Add(i, data[i]);
        }

        Assert.True(reloaded.IsWalkProjected);
    }

    [Fact]
    public void Walk_options_are_validated_with_clear_errors()
    {
        ArgumentOutOfRangeException small = Assert.Throws<ArgumentOutOfRangeException>(() => new HnswVectorIndex(128, new HnswOptions { WalkDimensions = 4 }));
        Assert.Contains("WalkDimensions", small.Message, StringComparison.Ordinal);
        Assert.Contains("between 8 and 127", small.Message, StringComparison.Ordinal);
        Assert.Contains("was 4", small.Message, StringComparison.Ordinal);
        Assert.Equal("options", small.ParamName);

        ArgumentOutOfRangeException large = Assert.Throws<ArgumentOutOfRangeException>(() => new HnswVectorIndex(64, new HnswOptions { WalkDimensions = 64 }));
        Assert.Contains("WalkDimensions", large.Message, StringComparison.Ordinal);
        Assert.Contains("was 64", large.Message, StringComparison.Ordinal);

        ArgumentOutOfRangeException tiny = Assert.Throws<ArgumentOutOfRangeException>(() => new HnswVectorIndex(8, new HnswOptions { WalkDimensions = 8 }));
        Assert.Contains("WalkDimensions", tiny.Message, StringComparison.Ordinal);

        ArgumentOutOfRangeException training = Assert.Throws<ArgumentOutOfRangeException>(() => new HnswVectorIndex(128, new HnswOptions { WalkDimensions = 32, WalkTrainingSize = 100 }));
        Assert.Contains("WalkTrainingSize", training.Message, StringComparison.Ordinal);
        Assert.Contains("at least 128", training.Message, StringComparison.Ordinal);
        Assert.Contains("was 100", training.Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentOutOfRangeException>(() => new HnswVectorIndex(128, new HnswOptions { WalkTrainingSize = 0 }));

        using var index = new HnswVectorIndex(32);
        ArgumentOutOfRangeException enable = Assert.Throws<ArgumentOutOfRangeException>(() => index.EnableProjectedWalk(40));
        Assert.Equal("walkDimensions", enable.ParamName);
        Assert.Contains("WalkDimensions", enable.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => index.EnableProjectedWalk(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.EnableProjectedWalk(16, trainingSize: 10));
        Assert.Equal(0, index.WalkDimensions);
    }

    [Fact]
    public void Removals_filters_and_compaction_are_respected_by_the_projected_walk()
    {
        const int Dims = 64;
        double[][] rotation = RandomRotation(Dims, 23);
        float[][] data = Spectrum(2000, Dims, Decaying(Dims), rotation, seed: 24);
        float[][] queries = Spectrum(100, Dims, Decaying(Dims), rotation, seed: 25);
        using var index = new HnswVectorIndex(Dims, new HnswOptions { M = 12, EfConstruction = 80, EfSearch = 80, WalkDimensions = 16, WalkTrainingSize = 500 });
        index.AddRange(TestVectors.Ids(data.Length), TestVectors.RowMajor(data), 2);
        for (int i = 0; i < data.Length; i += 3)
        {
            Assert.True(index.Remove(i));
        }

        static bool Alive(long id) => id % 3 != 0;
        double recall = Recall1(index, data, queries, Alive);
        Assert.True(recall >= 0.95, $"recall@1 {recall:P1} with tombstones");

        // Stored (and removed) vectors as queries: a removed vector never comes back, even as its own nearest neighbour.
        var hits = new VectorHit[5];
        for (int i = 0; i < 300; i += 3)
        {
            index.Search(data[i], hits);
            Assert.DoesNotContain(hits, h => h.Id == i);
        }

        VectorFilter even = id => id % 2 == 0;
        recall = Recall1(index, data, queries, Alive, even);
        Assert.True(recall >= 0.9, $"recall@1 {recall:P1} with a filter");

        index.Compact();
        Assert.Equal(0, index.DeletedCount);
        Assert.True(index.IsWalkProjected);
        recall = Recall1(index, data, queries, Alive);
        Assert.True(recall >= 0.95, $"recall@1 {recall:P1} after Compact");
    }

    [Fact]
    public void Collection_passes_the_walk_options_to_its_graph_and_validates_them_up_front()
    {
        ArgumentOutOfRangeException bad = Assert.Throws<ArgumentOutOfRangeException>(
            () => new VectorCollection(16, new VectorCollectionOptions { Hnsw = new HnswOptions { WalkDimensions = 16 } }));
        Assert.Contains("WalkDimensions", bad.Message, StringComparison.Ordinal);

        const int Dims = 48;
        double[][] rotation = RandomRotation(Dims, 26);
        float[][] data = Spectrum(700, Dims, Decaying(Dims), rotation, seed: 27);
        using var collection = new VectorCollection(Dims, new VectorCollectionOptions
        {
            HnswThreshold = 300,
            Hnsw = new HnswOptions { M = 10, EfConstruction = 60, EfSearch = 64, WalkDimensions = 12, WalkTrainingSize = 200 },
        });
        for (int i = 0; i < data.Length; i++)
        {
            collection.Add(i, data[i]);
        }

        Assert.True(collection.IsApproximate);
        var hits = new VectorHit[1];
        int self = 0;
        for (int i = 0; i < data.Length; i++)
        {
            collection.Search(data[i], hits);
            self += hits[0].Id == i ? 1 : 0;
        }

        Assert.True(self >= data.Length - 3, $"{data.Length - self} stored vectors did not find themselves");
    }

    private static void SameResults(HnswVectorIndex a, HnswVectorIndex b, float[][] queries)
    {
        var x = new VectorHit[10];
        var y = new VectorHit[10];
        foreach (float[] q in queries)
        {
            Assert.Equal(a.Search(q, x), b.Search(q, y));
            Assert.Equal(x, y);
        }
    }
}
