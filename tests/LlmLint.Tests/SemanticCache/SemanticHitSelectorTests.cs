using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.SemanticCache;
using Microsoft.Extensions.AI;

namespace LlmLint.Tests.SemanticCache;

public class SemanticHitSelectorTests
{
    private static readonly SemanticPartition Partition = new("t", "f", "small");

    [Fact]
    public async Task An_asynchronous_verifier_decides_the_hit_and_its_reason_is_carried()
    {
        var verifier = new AsyncVerifier();
        var options = new SemanticCacheOptions { Verifier = verifier };
        var statistics = new SemanticCacheStatistics();
        var selector = new SemanticHitSelector(options, statistics);
        SemanticHitQuery query = selector.Prepare(Partition, null);

        SemanticHitSelection rejected = await selector.SelectAsync("sell 10 shares", query, [Entry("buy 10 shares", "Bought.", 0.95f)], CancellationToken.None);
        Assert.Null(rejected.Response);
        Assert.Equal(1, statistics.GuardRejections);

        SemanticHitSelection accepted = await selector.SelectAsync("buy ten shares", query, [Entry("buy 10 shares", "Bought.", 0.95f)], CancellationToken.None);
        Assert.Equal("Bought.", accepted.Response!.Text);
        Assert.Equal("judge: same", accepted.Response.AdditionalProperties![SemanticCacheOptions.ReasonProperty]);
        Assert.Equal(2, verifier.Calls);
    }

    [Fact]
    public async Task Candidates_below_the_threshold_are_never_verified()
    {
        var verifier = new AsyncVerifier();
        var selector = new SemanticHitSelector(new SemanticCacheOptions { Verifier = verifier }, new SemanticCacheStatistics());
        SemanticHitQuery query = selector.Prepare(Partition, null);
        SemanticHitSelection none = await selector.SelectAsync("buy ten shares", query, [Entry("buy 10 shares", "Bought.", query.Threshold - 0.001f)], CancellationToken.None);
        Assert.Null(none.Response);
        Assert.Equal(0, verifier.Calls);
    }

    private static SemanticSearchResult Entry(string key, string answer, float similarity)
    {
        byte[] payload = JsonSerializer.SerializeToUtf8Bytes(new ChatResponse(new ChatMessage(ChatRole.Assistant, answer)), AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ChatResponse)));
        return new SemanticSearchResult(1, Partition, key, payload, Array.Empty<string>(), null, similarity);
    }

    private sealed class AsyncVerifier : IHitVerifier
    {
        public int Calls;

        public HitVerification Verify(string query, string candidate, float similarity) => throw new InvalidOperationException("the middleware must call VerifyAsync");

        public async ValueTask<HitVerification> VerifyAsync(string query, string candidate, float similarity, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            await Task.Yield();
            return query.StartsWith("sell", StringComparison.Ordinal)
                ? new HitVerification(GuardVerdict.Rejected, "judge: different")
                : new HitVerification(GuardVerdict.Accepted, "judge: same");
        }
    }
}
