using System;
using System.Collections.Generic;
using System.Numerics.Tensors;
using LlmLint.Vectors;

namespace LlmLint.Embeddings.Tests.Vectors;

/// <summary>The default flat scan (int8 codes, certified bounds, float32 rescoring) returns exactly the float32 top k.</summary>
public class BoundedFlatScanTests
{
    private static (FlatVectorIndex Bounded, FlatVectorIndex Float32) Pair(float[][] data)
    {
        int dims = data[0].Length;
        var bounded = new FlatVectorIndex(dims, data.Length);
        var float32 = new FlatVectorIndex(dims, data.Length, FlatScan.Float32);
        for (int i = 0; i < data.Length; i++)
        {
            bounded.Add(i, data[i]);
            float32.Add(i, data[i]);
        }

        return (bounded, float32);
    }

    private static void AssertSameTopK(FlatVectorIndex bounded, FlatVectorIndex float32, float[] query, int k, VectorFilter? filter = null)
    {
        var expected = new VectorHit[k];
        var actual = new VectorHit[k];
        int expectedCount = float32.Search(query, expected, filter);
        int actualCount = bounded.Search(query, actual, filter);
        Assert.Equal(expectedCount, actualCount);
        for (int i = 0; i < expectedCount; i++)
        {
            Assert.True(expected[i].Id == actual[i].Id, $"hit {i}: float32 scan returned id {expected[i].Id} ({expected[i].Similarity}), bounded scan id {actual[i].Id} ({actual[i].Similarity})");
            Assert.Equal(expected[i].Similarity, actual[i].Similarity, 6);
        }
    }

    [Theory]
    [InlineData(64, 1)]
    [InlineData(100, 10)]
    [InlineData(7, 5)]
    [InlineData(512, 10)]
    public void Equals_float32_scan_on_random_data_for_many_seeds(int dims, int k)
    {
        for (int seed = 0; seed < 12; seed++)
        {
            float[][] data = TestVectors.Random(600, dims, seed: 100 + seed);
            (FlatVectorIndex bounded, FlatVectorIndex float32) = Pair(data);
            using (bounded)
            using (float32)
            {
                foreach (float[] q in TestVectors.Random(20, dims, seed: 900 + seed))
                {
                    AssertSameTopK(bounded, float32, q, k);
                }
            }
        }
    }

    [Theory]
    [InlineData(0.6f)]
    [InlineData(0.05f)]
    [InlineData(0.001f)]
    public void Equals_float32_scan_on_clustered_data_where_bounds_overlap(float spread)
    {
        // Tight clusters make many rows nearly equal, so many rows survive the bound and are rescored.
        for (int seed = 0; seed < 6; seed++)
        {
            float[][] data = TestVectors.Clustered(1500, 96, clusters: 5, spread, seed: 200 + seed);
            (FlatVectorIndex bounded, FlatVectorIndex float32) = Pair(data);
            using (bounded)
            using (float32)
            {
                foreach (float[] q in TestVectors.Clustered(15, 96, clusters: 5, spread, seed: 200 + seed))
                {
                    AssertSameTopK(bounded, float32, q, 10);
                }
            }
        }
    }

    [Fact]
    public void Ties_are_broken_by_the_smaller_id_in_both_scans()
    {
        float[][] data = TestVectors.Random(300, 48, seed: 7);
        (FlatVectorIndex bounded, FlatVectorIndex float32) = Pair(data);
        using (bounded)
        using (float32)
        {
            // Ten exact copies of row 5 under ids inserted in descending order, and a scaled copy (same direction).
            for (long id = 1009; id >= 1000; id--)
            {
                bounded.Add(id, data[5]);
                float32.Add(id, data[5]);
            }

            float[] scaled = (float[])data[5].Clone();
            TensorPrimitives.Multiply(scaled, 3f, scaled);
            bounded.Add(2000, scaled);
            float32.Add(2000, scaled);

            AssertSameTopK(bounded, float32, data[5], 4);
            AssertSameTopK(bounded, float32, data[5], 12);
            var hits = new VectorHit[4];
            bounded.Search(data[5], hits);
            for (int i = 1; i < hits.Length; i++)
            {
                Assert.True(hits[i - 1].Similarity > hits[i].Similarity || (hits[i - 1].Similarity == hits[i].Similarity && hits[i - 1].Id < hits[i].Id), $"hits {i - 1} and {i} out of order");
            }
        }
    }

    [Fact]
    public void Filters_see_only_accepted_rows_when_bounding()
    {
        float[][] data = TestVectors.Clustered(2000, 64, clusters: 10, spread: 0.3f, seed: 11);
        (FlatVectorIndex bounded, FlatVectorIndex float32) = Pair(data);
        using (bounded)
        using (float32)
        {
            float[][] queries = TestVectors.Clustered(20, 64, clusters: 10, spread: 0.3f, seed: 11);
            var unfiltered = new VectorHit[10];
            foreach (float[] q in queries)
            {
                // Reject exactly the unfiltered top 10: the answer must come from rows whose bounds were below them.
                float32.Search(q, unfiltered);
                var rejected = new HashSet<long>();
                foreach (VectorHit h in unfiltered)
                {
                    rejected.Add(h.Id);
                }

                AssertSameTopK(bounded, float32, q, 10, id => !rejected.Contains(id));
                AssertSameTopK(bounded, float32, q, 5, id => id % 3 == 0);

                // Fewer accepted rows than k: every accepted row is returned.
                AssertSameTopK(bounded, float32, q, 10, id => id < 4);
                AssertSameTopK(bounded, float32, q, 10, id => false);
            }
        }
    }

    [Fact]
    public void Deletions_and_replacements_keep_the_scans_equal()
    {
        float[][] data = TestVectors.Random(1200, 40, seed: 13);
        float[][] replacements = TestVectors.Random(200, 40, seed: 14);
        (FlatVectorIndex bounded, FlatVectorIndex float32) = Pair(data);
        using (bounded)
        using (float32)
        {
            var random = new Random(15);
            for (int i = 0; i < 400; i++)
            {
                long id = random.Next(data.Length);
                Assert.Equal(float32.Remove(id), bounded.Remove(id));
            }

            for (int i = 0; i < replacements.Length; i++)
            {
                long id = random.Next(data.Length + 100);
                bounded.Add(id, replacements[i]);
                float32.Add(id, replacements[i]);
            }

            Assert.Equal(float32.Count, bounded.Count);
            foreach (float[] q in TestVectors.Random(30, 40, seed: 16))
            {
                AssertSameTopK(bounded, float32, q, 10);
            }

            foreach (float[] q in replacements)
            {
                AssertSameTopK(bounded, float32, q, 3);
            }
        }
    }

    [Fact]
    public void Large_index_scanned_on_all_cores_equals_float32_scan()
    {
        // Above the parallel threshold (16,384 rows); 40 dimensions also exercises the kernel's scalar tail.
        float[][] data = TestVectors.Clustered(20_000, 40, clusters: 50, spread: 0.4f, seed: 17);
        (FlatVectorIndex bounded, FlatVectorIndex float32) = Pair(data);
        using (bounded)
        using (float32)
        {
            foreach (float[] q in TestVectors.Clustered(25, 40, clusters: 50, spread: 0.4f, seed: 18))
            {
                AssertSameTopK(bounded, float32, q, 10);
                AssertSameTopK(bounded, float32, q, 10, id => id % 2 == 1);
            }
        }
    }

    [Fact]
    public void Quantisation_error_bound_holds_for_every_pair()
    {
        foreach (int dims in new[] { 3, 31, 64, 300, 512 })
        {
            float[][] vectors = TestVectors.Random(60, dims, seed: dims);
            var units = new float[vectors.Length][];
            var codes = new sbyte[vectors.Length][];
            var scales = new float[vectors.Length];
            var norms = new float[vectors.Length];
            var residuals = new float[vectors.Length];
            for (int i = 0; i < vectors.Length; i++)
            {
                units[i] = new float[dims];
                VectorValidation.NormalizeInto(vectors[i], units[i], "vector");
                codes[i] = new sbyte[dims];
                scales[i] = Int8Quantizer.Quantize(units[i], codes[i]);
                (norms[i], residuals[i]) = Int8Quantizer.ErrorTerms(units[i], codes[i], scales[i]);
                Assert.True(residuals[i] < 0.05f, $"residual {residuals[i]} at {dims} dimensions");
            }

            var wide = new short[dims];
            for (int a = 0; a < vectors.Length; a++)
            {
                Int8Quantizer.Widen(codes[a], wide);
                for (int b = 0; b < vectors.Length; b++)
                {
                    double exact = 0;
                    for (int d = 0; d < dims; d++)
                    {
                        exact += (double)units[a][d] * units[b][d];
                    }

                    int dot = Int8Quantizer.Dot(ref codes[b][0], ref wide[0], dims);
                    double approx = (double)scales[a] * scales[b] * dot;
                    double bound = (norms[b] * residuals[a]) + residuals[b];
                    Assert.True(Math.Abs(exact - approx) <= bound + 1e-6, $"|{exact} - {approx}| > {bound}");
                }
            }
        }

    }

    [Fact]
    public void Int8_kernel_matches_scalar_for_every_length()
    {
        var random = new Random(21);
        for (int length = 1; length <= 130; length++)
        {
            var a = new sbyte[length];
            var b = new short[length];
            int expected = 0;
            for (int i = 0; i < length; i++)
            {
                a[i] = (sbyte)random.Next(-127, 128);
                b[i] = (short)random.Next(-127, 128);
                expected += a[i] * b[i];
            }

            Assert.Equal(expected, Int8Quantizer.Dot(ref a[0], ref b[0], length));
        }
    }

    [Fact]
    public void Scan_mode_is_validated_and_memory_is_reported()
    {
        ArgumentOutOfRangeException ex = Assert.Throws<ArgumentOutOfRangeException>(() => new FlatVectorIndex(8, 16, (FlatScan)7));
        Assert.Equal("scan", ex.ParamName);
        using var bounded = new FlatVectorIndex(512);
        using var float32 = new FlatVectorIndex(512, scan: FlatScan.Float32);
        Assert.Equal((512 * 4) + 8, float32.BytesPerRow);
        Assert.Equal((512 * 5) + 12 + 8, bounded.BytesPerRow);
    }
}
