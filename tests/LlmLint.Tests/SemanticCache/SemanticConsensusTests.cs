using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Evaluation;
using LlmLint.SemanticCache;
using Microsoft.Extensions.AI;

namespace LlmLint.Tests.SemanticCache;

public class SemanticConsensusTests
{
    private const float Shared = SemanticConsensus.DefaultMargin;
    private const float Distinct = SemanticConsensus.DefaultDistinctMargin;

    [Fact]
    public void Defaults_are_the_documented_margins_and_threshold()
    {
        var options = new SemanticCacheOptions();
        Assert.Equal(0.65f, options.Threshold);
        Assert.True(options.AnswerConsensus);
        Assert.Equal(0.06f, options.ConsensusMargin);
        Assert.Equal(0.01f, options.DistinctAnswersMargin);
        Assert.IsType<LexicalGuard>(options.Verifier);
        var evaluation = new CacheEvaluationOptions();
        Assert.Equal(options.ConsensusMargin, evaluation.ConsensusMargin);
        Assert.Equal(options.DistinctAnswersMargin, evaluation.DistinctAnswersMargin);
    }

    [Theory]
    [InlineData(new[] { 0, 1, 2, 3 }, false)]
    [InlineData(new[] { 0 }, false)]
    [InlineData(new int[0], false)]
    [InlineData(new[] { 0, 1, 0 }, true)]
    [InlineData(new[] { 0, 1, 2, 2 }, true)]
    public void Repeated_answers_are_detected(int[] answers, bool repeated)
    {
        Assert.Equal(repeated, SemanticConsensus.HasRepeatedAnswer(answers));
        Assert.Equal(repeated ? Shared : Distinct, SemanticConsensus.MarginFor(answers, Shared, Distinct));
    }

    [Fact]
    public void Distinct_answers_only_a_near_tie_is_ambiguous()
    {
        // One stored question per answer: a lead of 0.02 stands (a fixed 0.06 margin would have missed) ...
        Assert.False(SemanticConsensus.IsAmbiguous([0.95f, 0.93f, 0.80f], [0, 1, 2], Shared, Distinct));
        Assert.True(SemanticConsensus.IsAmbiguous([0.95f, 0.93f, 0.80f], [0, 1, 2], Shared, Shared));

        // ... a near tie between two different answers does not.
        Assert.True(SemanticConsensus.IsAmbiguous([0.950f, 0.947f, 0.80f], [0, 1, 2], Shared, Distinct));
    }

    [Fact]
    public void Repeated_answers_need_the_wide_margin()
    {
        // A lone nearest question against an answer held by two close neighbours: ambiguous at a lead of 0.03.
        Assert.True(SemanticConsensus.IsAmbiguous([0.90f, 0.87f, 0.86f], [0, 1, 1], Shared, Distinct));

        // The same lead with the nearest answer supported twice is ambiguous too: the margin depends on repetition, not on which answer repeats.
        Assert.True(SemanticConsensus.IsAmbiguous([0.90f, 0.89f, 0.87f], [0, 0, 1], Shared, Distinct));

        // A lead beyond the wide margin stands.
        Assert.False(SemanticConsensus.IsAmbiguous([0.95f, 0.94f, 0.88f, 0.87f], [0, 0, 1, 1], Shared, Distinct));

        // All neighbours agree: never ambiguous.
        Assert.False(SemanticConsensus.IsAmbiguous([0.95f, 0.949f, 0.948f], [3, 3, 3], Shared, Distinct));
    }

    [Fact]
    public void Mismatched_lengths_name_the_parameter()
    {
        Assert.Equal("answers", Assert.Throws<ArgumentException>(() => SemanticConsensus.IsAmbiguous([0.9f, 0.8f], [0], Shared, Distinct)).ParamName);
    }

    // ---- the middleware, with embeddings scripted so that every cosine is known ----

    private static float[] Unit(int axis)
    {
        var v = new float[ScriptedEmbedder.Dimensions];
        v[axis] = 1;
        return v;
    }

    /// <summary>A vector whose cosine with <c>Unit(0)</c> is <paramref name="cosine"/> and that is orthogonal to every other scripted residual.</summary>
    private static float[] At(float cosine, int residualAxis)
    {
        var v = new float[ScriptedEmbedder.Dimensions];
        v[0] = cosine;
        v[residualAxis] = MathF.Sqrt(1 - (cosine * cosine));
        return v;
    }

    private static async Task<(SemanticCachingChatClient Client, FakeChatClient Inner)> StoreAsync(params (string Question, float[] Vector, string Answer)[] entries)
    {
        var embedder = new ScriptedEmbedder();
        embedder.Vectors["the query"] = Unit(0);
        var answers = new Dictionary<string, string>();
        foreach (var (question, vector, answer) in entries)
        {
            embedder.Vectors[question] = vector;
            answers[question] = answer;
        }

        var inner = new FakeChatClient
        {
            GetResponseAsyncCallback = (messages, _, _) =>
            {
                string question = messages.Last().Text;
                string text = answers.TryGetValue(question, out string? a) ? a : "fresh answer";
                return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text)) { FinishReason = ChatFinishReason.Stop });
            },
        };

        // The defaults, except the lexical guard: the scripted texts carry no words to compare.
        SemanticCachingChatClient client = SemanticCachingChatClient.Create(inner, embedder, configure: o =>
        {
            o.Verifier = null;
            o.DefaultTenant = "acme";
        });
        var strict = new ChatOptions { AdditionalProperties = new AdditionalPropertiesDictionary { [SemanticCacheOptions.ThresholdProperty] = 0.9999f } };
        foreach (var (question, _, _) in entries)
        {
            await client.GetResponseAsync(Msgs.User(question), strict);
        }

        Assert.Equal(entries.Length, client.Statistics.Stored);
        return (client, inner);
    }

    [Fact]
    public async Task Middleware_hits_the_nearest_of_distinct_answers_when_it_leads()
    {
        var (client, inner) = await StoreAsync(("q-a", At(0.95f, 1), "answer A"), ("q-b", At(0.93f, 2), "answer B"));
        ChatResponse response = await client.GetResponseAsync(Msgs.User("the query"));

        Assert.Equal("answer A", response.Text);
        Assert.Equal(2, inner.Calls);
        Assert.Equal(0.95f, (float)response.AdditionalProperties![SemanticCacheOptions.SimilarityProperty]!, 3);
        Assert.Equal("NotChecked", response.AdditionalProperties[SemanticCacheOptions.VerdictProperty]);
    }

    [Fact]
    public async Task Middleware_misses_a_near_tie_of_distinct_answers()
    {
        var (client, inner) = await StoreAsync(("q-a", At(0.950f, 1), "answer A"), ("q-b", At(0.947f, 2), "answer B"));
        ChatResponse response = await client.GetResponseAsync(Msgs.User("the query"));

        Assert.Equal("fresh answer", response.Text);
        Assert.Equal(3, inner.Calls);
        Assert.Equal(1, client.Statistics.GuardRejections);
    }

    [Fact]
    public async Task Middleware_misses_when_repeated_answers_lie_within_the_wide_margin()
    {
        // The same 0.02 lead that hits among distinct answers misses once the competing answer is held by two stored questions.
        var (client, inner) = await StoreAsync(("q-a", At(0.95f, 1), "answer A"), ("q-b1", At(0.93f, 2), "answer B"), ("q-b2", At(0.92f, 3), "answer B"));
        ChatResponse response = await client.GetResponseAsync(Msgs.User("the query"));

        Assert.Equal("fresh answer", response.Text);
        Assert.Equal(4, inner.Calls);
        Assert.Equal(1, client.Statistics.GuardRejections);
    }

    [Fact]
    public async Task Middleware_hits_when_repeated_answers_lead_by_more_than_the_wide_margin()
    {
        var (client, inner) = await StoreAsync(("q-a1", At(0.97f, 1), "answer A"), ("q-a2", At(0.96f, 2), "answer A"), ("q-b", At(0.88f, 3), "answer B"));
        ChatResponse response = await client.GetResponseAsync(Msgs.User("the query"));

        Assert.Equal("answer A", response.Text);
        Assert.Equal(3, inner.Calls);
        Assert.Equal(0, client.Statistics.GuardRejections);
    }

    [Fact]
    public void Evaluation_mirrors_the_middleware_rule()
    {
        // Store: two distinct answers 0.02 apart from the first query; the second query has the competitor answer repeated.
        var store = new[]
        {
            new LabelledText("a", "A"), new LabelledText("b", "B"),
            new LabelledText("c", "C"), new LabelledText("d1", "D"), new LabelledText("d2", "D"),
        };
        var queries = new[] { new LabelledText("query 1", "A"), new LabelledText("query 2", "C") };
        float[][] storeVectors =
        [
            At(0.95f, 1), At(0.93f, 2),
            Mix(4, 0.95f, 5), Mix(4, 0.93f, 6), Mix(4, 0.92f, 7),
        ];
        float[][] queryVectors = [Unit(0), Unit(4)];
        var dataset = new CacheDataset("scripted", store, queries);

        CacheEvaluationResult adaptive = CacheEvaluation.Evaluate(dataset, storeVectors, queryVectors, new CacheEvaluationOptions { Thresholds = [0.9f], Verifier = null });
        CacheEvaluationRow on = adaptive.Rows.Single(r => r.Guard);
        Assert.Equal(1, on.Hits);        // query 1 hits A; query 2 is ambiguous (D is held twice within 0.06)
        Assert.Equal(1, on.RightHits);

        CacheEvaluationResult fixedWide = CacheEvaluation.Evaluate(dataset, storeVectors, queryVectors, new CacheEvaluationOptions { Thresholds = [0.9f], Verifier = null, DistinctAnswersMargin = 0.06f });
        Assert.Equal(0, fixedWide.Rows.Single(r => r.Guard).Hits);

        CacheEvaluationRow off = adaptive.Rows.Single(r => !r.Guard);
        Assert.Equal(2, off.Hits);
    }

    /// <summary>Like <see cref="At"/> but around the axis <paramref name="center"/>.</summary>
    private static float[] Mix(int center, float cosine, int residualAxis)
    {
        var v = new float[ScriptedEmbedder.Dimensions];
        v[center] = cosine;
        v[residualAxis] = MathF.Sqrt(1 - (cosine * cosine));
        return v;
    }

    private sealed class ScriptedEmbedder : IEmbeddingGenerator<string, Embedding<float>>
    {
        public const int Dimensions = 512;

        public Dictionary<string, float[]> Vectors { get; } = new(StringComparer.Ordinal);

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var result = new GeneratedEmbeddings<Embedding<float>>();
            foreach (string value in values)
            {
                result.Add(new Embedding<float>(Vectors[value]));
            }

            return Task.FromResult(result);
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
