using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.DependencyInjection;
using LlmLint.Metering;
using LlmLint.Offline;
using LlmLint.SemanticCache;
using LlmLint.SemanticCache.Verification;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace LlmLint.Tests.SemanticCache;

/// <summary>The small-tier judge: strict verdicts, guards first, bounded and fail-closed, its cost the cache's.</summary>
public sealed class SmallTierJudgeVerifierTests
{
    [Theory]
    [InlineData("YES", GuardVerdict.Accepted)]
    [InlineData(" yes.", GuardVerdict.Accepted)]
    [InlineData("NO", GuardVerdict.Rejected)]
    [InlineData("Yes, both ask for the same thing", GuardVerdict.Rejected)]
    [InlineData("", GuardVerdict.Rejected)]
    public async Task Only_a_plain_yes_accepts(string reply, GuardVerdict expected)
    {
        var judge = new SmallTierJudgeVerifier(ScriptedChatClient.FromCallback(_ => reply, "gpt-4o-mini"));
        HitVerification verdict = await judge.VerifyAsync("buy 10 shares of AAPL", "purchase 10 AAPL shares", 0.93f, CancellationToken.None);
        Assert.Equal(expected, verdict.Verdict);
        Assert.Equal(reply.Trim().TrimEnd('.') is "YES" or "yes" or "NO" ? 0 : 1, judge.Overhead.Failures);
    }

    [Fact]
    public async Task The_judge_sees_both_requests_with_a_short_strict_output()
    {
        var model = ScriptedChatClient.FromCallback(_ => "NO", "gpt-4o-mini");
        var judge = new SmallTierJudgeVerifier(model);
        await judge.VerifyAsync("buy 10 shares of AAPL", "sell 10 shares of AAPL", 0.94f, CancellationToken.None);
        ScriptedRequest request = Assert.Single(model.Calls).Request;
        Assert.Contains("buy 10 shares of AAPL", request.LastUserText, StringComparison.Ordinal);
        Assert.Contains("sell 10 shares of AAPL", request.LastUserText, StringComparison.Ordinal);
        Assert.Equal(ChatRole.System, request.Messages[0].Role);
        Assert.True(request.Options!.MaxOutputTokens <= 3);
        Assert.Equal(0f, request.Options.Temperature);
        Assert.Equal(true, request.Options.AdditionalProperties![LlmLintPropertyKeys.CacheBypass]);
    }

    [Fact]
    public async Task Guards_run_first_and_the_judge_only_on_what_they_accept()
    {
        var model = ScriptedChatClient.FromCallback(_ => "YES", "gpt-4o-mini");
        var judge = new SmallTierJudgeVerifier(model);
        var chain = new VerifierChain(new LexicalGuard(), judge);

        HitVerification rejected = await chain.VerifyAsync("cancel my order", "don't cancel my order", 0.9f, CancellationToken.None);
        Assert.Equal(GuardVerdict.Rejected, rejected.Verdict);
        Assert.Equal(0, model.CallCount);

        HitVerification accepted = await chain.VerifyAsync("how do I reset my password", "how can I reset my password", 0.95f, CancellationToken.None);
        Assert.Equal(GuardVerdict.Accepted, accepted.Verdict);
        Assert.Equal("judge: same answer", accepted.Reason);
        Assert.Equal(1, model.CallCount);
    }

    [Fact]
    public async Task A_slow_judge_times_out_and_rejects()
    {
        var judge = new SmallTierJudgeVerifier(new DelayedClient(ScriptedChatClient.FromCallback(_ => "YES", "gpt-4o-mini"), TimeSpan.FromSeconds(30), blocking: false), new SmallTierJudgeOptions { Timeout = TimeSpan.FromMilliseconds(200) });
        var clock = Stopwatch.StartNew();
        HitVerification verdict = await judge.VerifyAsync("a", "b", 0.9f, CancellationToken.None);
        Assert.Equal(GuardVerdict.Rejected, verdict.Verdict);
        Assert.Equal("judge timed out", verdict.Reason);
        Assert.Equal(1, judge.Overhead.Timeouts);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_judge_that_blocks_its_thread_is_bounded_too()
    {
        var judge = new SmallTierJudgeVerifier(new DelayedClient(ScriptedChatClient.FromCallback(_ => "YES", "gpt-4o-mini"), TimeSpan.FromSeconds(10), blocking: true), new SmallTierJudgeOptions { Timeout = TimeSpan.FromMilliseconds(200) });
        var clock = Stopwatch.StartNew();
        HitVerification verdict = await judge.VerifyAsync("a", "b", 0.9f, CancellationToken.None);
        Assert.Equal(GuardVerdict.Rejected, verdict.Verdict);
        // Far below the 10 s the judge blocks for; wide against a loaded machine's thread-pool delays.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_failing_judge_rejects_and_is_counted()
    {
        var judge = new SmallTierJudgeVerifier(new ScriptedChatClient("gpt-4o-mini")); // no rule: every call throws
        HitVerification verdict = await judge.VerifyAsync("a", "b", 0.9f, CancellationToken.None);
        Assert.Equal(GuardVerdict.Rejected, verdict.Verdict);
        Assert.Equal("judge failed", verdict.Reason);
        Assert.Equal(1, judge.Overhead.Failures);
    }

    [Fact]
    public async Task The_caller_s_cancellation_is_not_a_verdict()
    {
        var judge = new SmallTierJudgeVerifier(new DelayedClient(ScriptedChatClient.FromCallback(_ => "YES", "gpt-4o-mini"), TimeSpan.FromSeconds(30), blocking: false));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await judge.VerifyAsync("a", "b", 0.9f, cancel.Token));
    }

    [Fact]
    public async Task Verdict_cost_is_metered_and_attributed_to_the_cache()
    {
        var ledger = new InMemoryCostLedger();
        var judge = new SmallTierJudgeVerifier(ScriptedChatClient.FromCallback(_ => "YES", "gpt-4o-mini"), new SmallTierJudgeOptions { Ledger = ledger });
        await judge.VerifyAsync("how do I reset my password", "how can I reset my password", 0.95f, CancellationToken.None);
        await judge.VerifyAsync("what are your opening hours", "when are you open", 0.91f, CancellationToken.None);

        Assert.Equal(2, judge.Overhead.Calls);
        Assert.Equal(2, ledger.Records.Count);
        Assert.All(ledger.Records, r =>
        {
            Assert.Equal(SemanticCacheOverhead.JudgeFunction, r.FunctionId);
            Assert.Equal(Tier.Small, r.Tier);
            Assert.True(r.CostUsd > 0);
        });
        decimal total = 0;
        foreach (CostRecord r in ledger.Records)
        {
            total += r.CostUsd!.Value;
        }

        Assert.Equal(total, judge.Overhead.CostUsd);
    }

    [Fact]
    public async Task In_the_cache_a_judge_no_turns_a_guarded_hit_into_a_miss()
    {
        string verdict = "NO";
        var judgeModel = ScriptedChatClient.FromCallback(_ => verdict, "gpt-4o-mini");
        var judge = new SmallTierJudgeVerifier(judgeModel);
        var inner = new FakeChatClient();
        SemanticCachingChatClient client = SemanticCachingChatClient.Create(inner, new FakeEmbeddingGenerator(), configure: o =>
        {
            o.Threshold = 0.75f;
            o.Verifier = new VerifierChain(o.Verifier, judge);
        });
        await client.GetResponseAsync("How do I reset my password", SemanticCacheFaultTests.For("acme"));
        await client.GetResponseAsync("how can I reset my password?", SemanticCacheFaultTests.For("acme"));
        Assert.Equal(2, inner.Calls);
        Assert.True(judgeModel.CallCount >= 1);

        verdict = "YES";
        ChatResponse hit = await client.GetResponseAsync("how can I reset my password please?", SemanticCacheFaultTests.For("acme"));
        Assert.Equal(2, inner.Calls);
        Assert.Equal("judge: same answer", hit.AdditionalProperties![SemanticCacheOptions.ReasonProperty]);
    }

    [Fact]
    public async Task FromServices_uses_the_small_tier_and_the_registered_ledger()
    {
        var small = ScriptedChatClient.FromCallback(_ => "YES", "gpt-4o-mini");
        var ledger = new InMemoryCostLedger();
        var services = new ServiceCollection();
        services.AddKeyedChatClient(LlmLintServiceKeys.Small, small);
        services.AddSingleton<ICostLedger>(ledger);
        using ServiceProvider provider = services.BuildServiceProvider();

        SmallTierJudgeVerifier judge = SmallTierJudgeVerifier.FromServices(provider);
        Assert.True((await judge.VerifyAsync("a b c", "a b c d", 0.9f, CancellationToken.None)).IsAccepted);
        Assert.Equal(1, small.CallCount);
        Assert.Single(ledger.Records);
    }

    [Fact]
    public async Task As_an_answer_comparer_the_judge_gives_a_verdict_or_none()
    {
        var model = ScriptedChatClient.FromCallback(r => r.LastUserText.Contains("Answer B:\n<<<\n30 days", StringComparison.Ordinal) ? "YES" : r.LastUserText.Contains("maybe", StringComparison.Ordinal) ? "perhaps" : "NO", "gpt-4o-mini");
        var judge = new SmallTierJudgeVerifier(model);
        Assert.True(await judge.AreEquivalentAsync("refund window?", "You have 30 days.", "30 days from delivery.", CancellationToken.None));
        Assert.False(await judge.AreEquivalentAsync("refund window?", "You have 30 days.", "14 days.", CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await judge.AreEquivalentAsync("refund window?", "maybe", "14 days.", CancellationToken.None));
        Assert.Equal(SmallTierJudgeVerifier.AnswerInstructions, model.Calls[0].Request.Messages[0].Text);
    }

    /// <summary>Delays every call, either awaiting (honouring the token) or blocking its thread before returning.</summary>
    private sealed class DelayedClient(IChatClient inner, TimeSpan delay, bool blocking) : DelegatingChatClient(inner)
    {
        public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            if (blocking)
            {
                Thread.Sleep(delay);
            }
            else
            {
                await Task.Delay(delay, cancellationToken);
            }

            return await base.GetResponseAsync(messages, options, cancellationToken);
        }
    }
}
