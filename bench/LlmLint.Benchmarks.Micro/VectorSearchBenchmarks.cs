using System;
using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using LlmLint.Vectors;

/// <summary>
/// One top-5 search over <see cref="Count"/> unit vectors of 512 dimensions drawn around 1,000 random centres (the
/// clustered shape of sentence embeddings), in each index, against the exact float32 flat scan. Queries are stored
/// vectors with noise, so each has near neighbours; one query per call, cycling through 256.
/// </summary>
[MemoryDiagnoser]
public class VectorSearchBenchmarks
{
    private const int Dimensions = 512;
    private const int Queries = 256;
    private readonly VectorHit[] _hits = new VectorHit[5];
    private float[] _queries = null!;
    private FlatVectorIndex _float32 = null!;
    private FlatVectorIndex _bounded = null!;
    private QuantizedFlatVectorIndex _quantized = null!;
    private HnswVectorIndex _hnsw = null!;
    private int _next;

    [Params(10_000, 100_000)]
    public int Count { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        var centres = new float[1000 * Dimensions];
        for (int c = 0; c < 1000; c++)
        {
            Unit(random, centres.AsSpan(c * Dimensions, Dimensions), default, 0f);
        }

        var rows = new float[Count * Dimensions];
        var ids = new long[Count];
        for (int i = 0; i < Count; i++)
        {
            ids[i] = i;
            Unit(random, rows.AsSpan(i * Dimensions, Dimensions), centres.AsSpan(random.Next(1000) * Dimensions, Dimensions), 0.35f);
        }

        _queries = new float[Queries * Dimensions];
        for (int q = 0; q < Queries; q++)
        {
            Unit(random, _queries.AsSpan(q * Dimensions, Dimensions), rows.AsSpan(random.Next(Count) * Dimensions, Dimensions), 0.15f);
        }

        _float32 = new FlatVectorIndex(Dimensions, Count, FlatScan.Float32);
        _bounded = new FlatVectorIndex(Dimensions, Count, FlatScan.BoundedInt8);
        _quantized = new QuantizedFlatVectorIndex(Dimensions, initialCapacity: Count);
        for (int i = 0; i < Count; i++)
        {
            ReadOnlySpan<float> row = rows.AsSpan(i * Dimensions, Dimensions);
            _float32.Add(i, row);
            _bounded.Add(i, row);
            _quantized.Add(i, row);
        }

        _hnsw = new HnswVectorIndex(Dimensions, new HnswOptions { M = 16, EfConstruction = 100, EfSearch = 64 }, Count);
        _hnsw.AddRange(ids, rows);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _float32.Dispose();
        _bounded.Dispose();
        _quantized.Dispose();
        _hnsw.Dispose();
    }

    [Benchmark(Baseline = true, Description = "flat, float32 scan (peer)")]
    public int Float32Flat() => _float32.Search(NextQuery(), _hits);

    [Benchmark(Description = "flat, bounded int8 scan (default, exact)")]
    public int BoundedFlat() => _bounded.Search(NextQuery(), _hits);

    [Benchmark(Description = "int8 flat, rescored top 40")]
    public int QuantizedFlat() => _quantized.Search(NextQuery(), _hits);

    [Benchmark(Description = "HNSW, M 16, ef 64")]
    public int Hnsw() => _hnsw.Search(NextQuery(), _hits);

    private ReadOnlySpan<float> NextQuery()
    {
        int q = _next++ % Queries;
        return _queries.AsSpan(q * Dimensions, Dimensions);
    }

    /// <summary>Fills <paramref name="destination"/> with <paramref name="centre"/> plus Gaussian noise of norm ~<paramref name="spread"/>, as a unit vector.</summary>
    private static void Unit(Random random, Span<float> destination, ReadOnlySpan<float> centre, float spread)
    {
        float scale = centre.IsEmpty ? 1f : spread / MathF.Sqrt(destination.Length);
        for (int d = 0; d < destination.Length; d++)
        {
            double u1 = 1.0 - random.NextDouble();
            double gaussian = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * random.NextDouble());
            destination[d] = (float)gaussian * scale + (centre.IsEmpty ? 0f : centre[d]);
        }

        TensorPrimitives.Divide(destination, TensorPrimitives.Norm(destination), destination);
    }
}
