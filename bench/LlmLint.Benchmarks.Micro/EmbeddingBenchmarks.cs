using BenchmarkDotNet.Attributes;
using LlmLint.Embeddings;

/// <summary>
/// The local USE-lite model on one thread: a short query (the common semantic-cache key), a long one (near the 128-token
/// window), and 32 short queries in one batch (per call of 32), against the short query.
/// </summary>
[MemoryDiagnoser]
public class EmbeddingBenchmarks
{
    private const string Short = "How do I reset my card PIN?";

    private const string Long = "I ordered a replacement card three weeks ago after mine was stolen on holiday, the app still says it is on its way, "
        + "the old card was blocked the same day, and I have been charged a fee for the new one twice; can you tell me where the card is, "
        + "refund the second fee, and say whether I can use Apple Pay in the meantime?";

    private readonly string[] _short = [Short];
    private readonly string[] _long = [Long];
    private readonly string[] _batch = new string[32];
    private readonly float[] _destination = new float[32 * 512];
    private LocalEmbeddingGenerator _generator = null!;

    [GlobalSetup]
    public void Setup()
    {
        _generator = new LocalEmbeddingGenerator(new LocalEmbeddingOptions { ModelDirectory = EmbeddingModelLocator.Locate(), DegreeOfParallelism = 1 });
        for (int i = 0; i < _batch.Length; i++)
        {
            _batch[i] = Short + " (" + i + ")";
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _generator.Dispose();

    [Benchmark(Baseline = true, Description = "one short query (8 words)")]
    public void ShortQuery() => _generator.Embed(_short, _destination);

    [Benchmark(Description = "one long query (~80 words)")]
    public void LongQuery() => _generator.Embed(_long, _destination);

    [Benchmark(Description = "32 short queries, one batch", OperationsPerInvoke = 32)]
    public void Batch() => _generator.Embed(_batch, _destination);
}
