using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Metering;
using LlmLint.Offline;
using LlmLint.SemanticCache;
using LlmLint.SemanticCache.Calibration;
using LlmLint.SemanticCache.Verification;
using Microsoft.Extensions.AI;
using Xunit.Abstractions;

namespace LlmLint.Tests.SemanticCache;

/// <summary>
/// The target wrong-hit rate: the threshold per tenant/function/tier follows verified outcomes (shadow checks, explored
/// misses, feedback), stays at the shipped value without them, and keeps scopes apart.
/// </summary>
public sealed class ThresholdCalibrationTests(ITestOutputHelper output)
{
    private static readonly SemanticPartition Faq = new("acme", "Faq.Answer#ctx:0123456789abcdef01234567", "gpt-4o-mini");

    [Fact]
    public void Simulated_traffic_converges_to_a_threshold_whose_realised_wrong_rate_is_within_the_target()
    {
        // A known curve: 30% wrong below 0.80, falling linearly to 0 at 0.90, 0.2% above. The best threshold for 1% is about 0.875.
        static double WrongRate(double s) => s < 0.80 ? 0.30 : s < 0.90 ? 0.30 * (0.90 - s) / 0.10 : 0.002;
        var calibrator = new ThresholdCalibrator(0.77f, 0.01, 0.95);
        var random = new Random(11);
        const double sampled = 0.2;
        long hits = 0, wrongHits = 0, lateHits = 0, lateWrong = 0;
        const int requests = 400_000;
        for (int i = 0; i < requests; i++)
        {
            float similarity = (float)(0.6 + (0.4 * random.NextDouble()));
            bool wrong = random.NextDouble() < WrongRate(similarity);
            float threshold = calibrator.ThresholdFor(Faq);
            if (similarity >= threshold)
            {
                hits++;
                wrongHits += wrong ? 1 : 0;
                if (i >= requests / 2)
                {
                    lateHits++;
                    lateWrong += wrong ? 1 : 0;
                }

                if (random.NextDouble() < sampled)
                {
                    calibrator.Record(Faq, similarity, wrong); // a shadow check of a hit
                }
            }
            else if (similarity >= threshold - 0.06f && random.NextDouble() < sampled)
            {
                calibrator.Record(Faq, similarity, wrong); // an explored miss: its nearest entry compared with the fresh answer
            }
        }

        float final = calibrator.ThresholdFor(Faq);
        double lateRate = (double)lateWrong / lateHits;
        output.WriteLine($"threshold {final:F3}; served {hits} ({wrongHits} wrong, {(double)wrongHits / hits:P2}); second half {lateHits} ({lateRate:P2} wrong)");
        Assert.InRange(final, 0.86f, 0.95f);
        Assert.True(lateRate <= 0.01 + 0.002, $"realised wrong-hit rate {lateRate:P2} above the 1% target");
        Assert.True(lateHits > requests / 2 / 10, "the calibrated cache still serves hits");
    }

    [Fact]
    public void Correct_outcomes_below_the_shipped_threshold_certify_a_lower_one()
    {
        var calibrator = new ThresholdCalibrator(0.77f, 0.01, 0.95);
        for (int i = 0; i < 200; i++)
        {
            calibrator.Record(Faq, 0.74f, wrong: false);
            calibrator.Record(Faq, 0.80f, wrong: false);
        }

        Assert.Equal(0.74f, calibrator.ThresholdFor(Faq), 3);

        // Outcomes at a higher similarity only never raise a threshold that nothing disproved.
        var onlyHigh = new ThresholdCalibrator(0.77f, 0.01, 0.95);
        for (int i = 0; i < 50; i++)
        {
            onlyHigh.Record(Faq, 0.93f, wrong: false);
        }

        Assert.Equal(0.77f, onlyHigh.ThresholdFor(Faq));
    }

    [Fact]
    public void No_outcomes_keep_the_shipped_threshold()
    {
        var options = new SemanticCacheOptions();
        Assert.Equal(0.01, options.MaxWrongHitRate);
        Assert.Equal(0, options.ShadowCheckRate);
        SemanticCachingChatClient client = SemanticCachingChatClient.Create(new FakeChatClient(), new FakeEmbeddingGenerator());
        Assert.NotNull(client.Calibration);
        Assert.Equal(options.Threshold, client.Calibration!.ThresholdFor(Faq));
        Assert.Equal(0, client.Calibration.OutcomesFor(Faq));
    }

    [Fact]
    public async Task Without_outcomes_the_calibrated_cache_serves_exactly_what_the_fixed_threshold_serves()
    {
        string[] stored = ["How do I reset my password", "What are your opening hours", "Cancel my order 1234"];
        string[] queries = ["how can I reset my password?", "What are your opening hours today", "cancel my order 1234 please", "opening hours", "reset password"];
        async Task<string[]> Run(double? target)
        {
            SemanticCachingChatClient client = SemanticCachingChatClient.Create(new FakeChatClient(), new FakeEmbeddingGenerator(), configure: o => o.MaxWrongHitRate = target);
            foreach (string s in stored)
            {
                await client.GetResponseAsync(s, SemanticCacheFaultTests.For("acme"));
            }

            var served = new string[queries.Length];
            for (int i = 0; i < queries.Length; i++)
            {
                ChatResponse r = await client.GetResponseAsync(queries[i], SemanticCacheFaultTests.For("acme"));
                served[i] = r.AdditionalProperties?.ContainsKey(SemanticCacheOptions.SimilarityProperty) == true ? r.Text : "miss";
            }

            return served;
        }

        string[] calibrated = await Run(0.01);
        Assert.Equal(await Run(null), calibrated);
        Assert.Contains(calibrated, s => s != "miss");
    }

    [Fact]
    public async Task Wrong_hit_feedback_raises_the_threshold_of_its_scope_only()
    {
        var inner = new FakeChatClient();
        SemanticCachingChatClient client = SemanticCachingChatClient.Create(inner, new FakeEmbeddingGenerator(), configure: o =>
        {
            o.Threshold = 0.75f;
            o.Verifier = null;
        });
        await client.GetResponseAsync("how do I reset my password", SemanticCacheFaultTests.For("acme"));
        await client.GetResponseAsync("how do I reset my password", SemanticCacheFaultTests.For("globex"));
        ChatResponse hit = await client.GetResponseAsync("how do I reset my password please", SemanticCacheFaultTests.For("acme"));
        float similarity = Assert.IsType<float>(hit.AdditionalProperties![SemanticCacheOptions.SimilarityProperty]);
        Assert.IsType<string>(hit.AdditionalProperties[SemanticCacheOptions.HitIdProperty]);

        Assert.True(client.ReportWrongHit(hit));
        Assert.False(client.ReportWrongHit(hit)); // counted once
        Assert.False(client.ReportWrongHit("not-a-hit"));

        SemanticPartition acme = new("acme", "Faq.Answer#t1", "gpt-4o-mini");
        Assert.True(client.Calibration!.ThresholdFor(acme) > similarity, $"threshold {client.Calibration.ThresholdFor(acme)} vs similarity {similarity}");
        Assert.Equal(0.75f, client.Calibration.ThresholdFor(new SemanticPartition("globex", "Faq.Answer#t1", "gpt-4o-mini")));

        int calls = inner.Calls;
        ChatResponse again = await client.GetResponseAsync("how do I reset my password please", SemanticCacheFaultTests.For("acme"));
        Assert.Equal(calls + 1, inner.Calls); // the same paraphrase now misses in acme
        Assert.False(again.AdditionalProperties?.ContainsKey(SemanticCacheOptions.SimilarityProperty) == true);
        ChatResponse other = await client.GetResponseAsync("how do I reset my password please", SemanticCacheFaultTests.For("globex"));
        Assert.True(other.AdditionalProperties?.ContainsKey(SemanticCacheOptions.HitIdProperty) == true); // globex still hits
        Assert.Equal(1, client.Calibration.Statistics.FeedbackReports);
    }

    [Fact]
    public async Task Shadow_checks_find_wrong_hits_raise_the_threshold_and_meter_their_cost_as_the_cache_s()
    {
        int answers = 0;
        var model = ScriptedChatClient.FromCallback(_ => "answer " + Interlocked.Increment(ref answers), "gpt-4o-mini");
        var ledger = new InMemoryCostLedger();
        SemanticCachingChatClient client = SemanticCachingChatClient.Create(model, new FakeEmbeddingGenerator(), configure: o =>
        {
            o.Threshold = 0.75f;
            o.Verifier = null;
            o.ShadowCheckRate = 1;
            o.OverheadLedger = ledger;
        });
        await client.GetResponseAsync("how do I reset my password", SemanticCacheFaultTests.For("acme"));
        ChatResponse hit = await client.GetResponseAsync("how do I reset my password please", SemanticCacheFaultTests.For("acme"));
        Assert.Equal("answer 1", hit.Text);
        await client.WaitForShadowChecksAsync();

        Assert.Equal(1, client.Calibration!.Statistics.ShadowChecks);
        Assert.Equal(1, client.Calibration.Statistics.WrongOutcomes);
        Assert.True(client.Calibration.ThresholdFor(new SemanticPartition("acme", "Faq.Answer#t1", "gpt-4o-mini")) > (float)hit.AdditionalProperties![SemanticCacheOptions.SimilarityProperty]!);

        ScriptedCall shadow = model.Calls[^1];
        Assert.Equal(SemanticCacheOverhead.ShadowCheckFunction, shadow.Request.Options!.AdditionalProperties![LlmLintPropertyKeys.FunctionId]);
        Assert.Equal("Faq.Answer#t1", shadow.Request.Options.AdditionalProperties[SemanticCacheOverhead.OverheadOfProperty]);
        Assert.Equal(1, client.ShadowCheckOverhead!.Calls);
        Assert.True(client.ShadowCheckOverhead.CostUsd > 0);
        CostRecord record = Assert.Single(ledger.Records);
        Assert.Equal(SemanticCacheOverhead.ShadowCheckFunction, record.FunctionId);
        Assert.Equal(client.ShadowCheckOverhead.CostUsd, record.CostUsd);
    }

    [Fact]
    public async Task A_sampled_miss_just_below_the_threshold_is_an_outcome_without_an_extra_call()
    {
        const string stored = "how do I reset my password";
        const string query = "how do I reset my password please";
        float similarity = System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(FakeEmbeddingGenerator.Embed(stored), FakeEmbeddingGenerator.Embed(query));
        var inner = new FakeChatClient
        {
            GetResponseAsyncCallback = (_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "Use the reset link.")) { FinishReason = ChatFinishReason.Stop }),
        };
        SemanticCachingChatClient client = SemanticCachingChatClient.Create(inner, new FakeEmbeddingGenerator(), configure: o =>
        {
            o.Threshold = similarity + 0.03f; // the stored question lies within the search reach, below the threshold
            o.Verifier = null;
            o.ShadowCheckRate = 1;
        });
        await client.GetResponseAsync(stored, SemanticCacheFaultTests.For("acme"));
        ChatResponse miss = await client.GetResponseAsync(query, SemanticCacheFaultTests.For("acme"));
        await client.WaitForShadowChecksAsync();

        Assert.False(miss.AdditionalProperties?.ContainsKey(SemanticCacheOptions.SimilarityProperty) == true);
        Assert.Equal(2, inner.Calls); // no shadow call: the miss's own answer is compared
        Assert.Equal(1, client.Calibration!.Statistics.Outcomes);
        Assert.Equal(0, client.Calibration.Statistics.WrongOutcomes);
        Assert.Equal(1, client.Calibration.OutcomesFor(new SemanticPartition("acme", "Faq.Answer#t1", "gpt-4o-mini")));
        Assert.Equal(0, client.ShadowCheckOverhead!.Calls);
    }

    [Fact]
    public async Task Shadow_checks_are_bounded_and_never_reach_the_caller()
    {
        var gate = new TaskCompletionSource();
        int calls = 0;
        var inner = new FakeChatClient();
        inner.GetResponseAsyncCallback = async (_, options, ct) =>
        {
            if (Interlocked.Increment(ref calls) > 1)
            {
                await gate.Task.WaitAsync(ct); // shadow calls hang until released, then fail
                throw new InvalidOperationException("upstream down");
            }

            return new ChatResponse(new ChatMessage(ChatRole.Assistant, "the answer")) { FinishReason = ChatFinishReason.Stop };
        };
        SemanticCachingChatClient client = SemanticCachingChatClient.Create(inner, new FakeEmbeddingGenerator(), configure: o =>
        {
            o.Verifier = null;
            o.ShadowCheckRate = 1;
            o.MaxConcurrentShadowChecks = 2;
        });
        await client.GetResponseAsync("what are your opening hours", SemanticCacheFaultTests.For("acme"));
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal("the answer", (await client.GetResponseAsync("what are your opening hours", SemanticCacheFaultTests.For("acme"))).Text);
        }

        Assert.Equal(2, client.Calibration!.Statistics.ShadowChecks);
        Assert.Equal(3, client.Calibration.Statistics.ShadowChecksSkipped);
        gate.SetResult();
        await client.WaitForShadowChecksAsync();
        Assert.Equal(2, client.ShadowCheckOverhead!.Failures);
        Assert.Equal(0, client.Calibration.Statistics.Outcomes);
    }

    [Fact]
    public void Concurrent_outcomes_and_lookups_lose_nothing_and_keep_scopes_apart()
    {
        var calibrator = new ThresholdCalibrator(0.77f, 0.01, 0.95);
        SemanticPartition[] partitions = Enumerable.Range(0, 4).Select(i => new SemanticPartition("tenant" + i, $"F#ctx:{i:D24}", "small")).ToArray();
        Parallel.For(0, 40_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            SemanticPartition p = partitions[i % 4];
            _ = calibrator.ThresholdFor(p);
            calibrator.Record(p, 0.80f + ((i % 19) * 0.01f), wrong: i % 4 == 0 && i % 19 < 3);
        });

        Assert.Equal(40_000, calibrator.Statistics.Outcomes);
        Assert.All(partitions, p => Assert.Equal(10_000, calibrator.OutcomesFor(p)));
        Assert.True(calibrator.ThresholdFor(partitions[0]) > 0.82f); // wrong hits at 0.80-0.82 in tenant0 only
        Assert.All(partitions.Skip(1), p => Assert.True(calibrator.ThresholdFor(p) <= 0.80f));

        // Another conversation of the same function shares the scope: the context hash is not part of it.
        Assert.Equal(calibrator.ThresholdFor(partitions[0]), calibrator.ThresholdFor(new SemanticPartition("tenant0", "F#ctx:ffffffffffffffffffffffff", "small")));
    }

    [Fact]
    public async Task Concurrent_hits_and_reports_count_each_hit_once()
    {
        SemanticCachingChatClient client = SemanticCachingChatClient.Create(new FakeChatClient(), new FakeEmbeddingGenerator(), configure: o => o.Verifier = null);
        await client.GetResponseAsync("what are your opening hours", SemanticCacheFaultTests.For("acme"));
        ChatResponse[] hits = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() => client.GetResponseAsync("what are your opening hours", SemanticCacheFaultTests.For("acme")))));
        string[] ids = hits.Select(h => (string)h.AdditionalProperties![SemanticCacheOptions.HitIdProperty]!).ToArray();
        Assert.Equal(40, ids.Distinct().Count());

        int accepted = 0;
        Parallel.For(0, 80, i =>
        {
            if (client.ReportCorrectHit(ids[i % 40]))
            {
                Interlocked.Increment(ref accepted);
            }
        });

        Assert.Equal(40, accepted);
        Assert.Equal(40, client.Calibration!.Statistics.FeedbackReports);
        Assert.Equal(0, client.Calibration.Statistics.WrongOutcomes);
        Assert.Equal(new SemanticCacheOptions().Threshold, client.Calibration.ThresholdFor(new SemanticPartition("acme", "Faq.Answer#t1", "gpt-4o-mini")));
    }

    [Fact]
    public void Reading_a_threshold_allocates_nothing()
    {
        var calibrator = new ThresholdCalibrator(0.77f, 0.01, 0.95);
        calibrator.Record(Faq, 0.9f, wrong: false);
        var other = new SemanticPartition("acme", "Faq.Answer#ctx:ffffffffffffffffffffffff", "gpt-4o-mini");
        _ = calibrator.ThresholdFor(other);
        long before = GC.GetAllocatedBytesForCurrentThread();
        float sum = 0;
        for (int i = 0; i < 1000; i++)
        {
            sum += calibrator.ThresholdFor(other);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(sum > 0);
    }

    [Fact]
    public void Saved_outcomes_restore_the_thresholds_after_a_restart()
    {
        var before = new ThresholdCalibrator(0.77f, 0.01, 0.95);
        for (int i = 0; i < 300; i++)
        {
            before.Record(Faq, 0.74f, wrong: false);
        }

        before.Record(new SemanticPartition("globex", "Faq.Answer#ctx:0", "small"), 0.85f, wrong: true);
        string json = System.Text.Json.JsonSerializer.Serialize(before.ExportState());
        Assert.DoesNotContain("#ctx:", json, StringComparison.Ordinal);

        var after = new ThresholdCalibrator(0.77f, 0.01, 0.95);
        after.ImportState(System.Text.Json.JsonSerializer.Deserialize<CalibrationState>(json)!);
        Assert.Equal(before.ThresholdFor(Faq), after.ThresholdFor(Faq));
        Assert.True(after.ThresholdFor(Faq) < 0.77f);
        Assert.True(after.ThresholdFor(new SemanticPartition("globex", "Faq.Answer#ctx:1", "small")) > 0.85f);
        Assert.Equal(301, after.ExportState().Scopes.Sum(s => s.Total.Sum()));

        var bad = new CalibrationState([new CalibrationScopeState("acme", "F", "small", new long[100], new long[99])]);
        Assert.Contains("100", Assert.Throws<ArgumentException>(() => after.ImportState(bad)).Message, StringComparison.Ordinal);
        long[] wrong = new long[100];
        wrong[3] = 2;
        Assert.Contains("wrong", Assert.Throws<ArgumentException>(() => after.ImportState(new CalibrationState([new CalibrationScopeState("acme", "F", "small", wrong, new long[100])]))).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void A_bad_target_is_a_clear_error(double target)
    {
        ArgumentException ex = Assert.Throws<ArgumentException>(() => SemanticCachingChatClient.Create(new FakeChatClient(), new FakeEmbeddingGenerator(), configure: o => o.MaxWrongHitRate = target));
        Assert.Contains("MaxWrongHitRate", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => SemanticCachingChatClient.Create(new FakeChatClient(), new FakeEmbeddingGenerator(), configure: o => o.ShadowCheckRate = 1.5));
    }
}
