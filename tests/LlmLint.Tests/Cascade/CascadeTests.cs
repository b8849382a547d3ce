using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Cascade;
using Microsoft.Extensions.AI;

namespace LlmLint.Tests.Cascade;

public class CascadeTests
{
    private static readonly LlmResultParser<int> IntParser = (string text, out int value, out string? error) =>
    {
        bool ok = int.TryParse(text, out value);
        error = ok ? null : "not a number";
        return ok;
    };

    [Fact]
    public async Task InvalidAnswer_Escalates_AndEveryDecisionIsRecorded()
    {
        var small = FakeChatClient.Answering("maybe", "gpt-4o-mini");
        var large = FakeChatClient.Answering("42", "gpt-4o");
        var observed = new List<CascadeDecision>();
        IChatClient client = small.AsBuilder()
            .UseCascade(o => { o.AddStage(large, "gpt-4o", tier: Tier.Large); o.OnDecision = observed.Add; }, "gpt-4o-mini", new StructuredOutputScorer<int>(IntParser), 1, Tier.Small)
            .Build();

        ChatResponse r = await client.GetResponseAsync(Msgs.User("answer?"));

        Assert.Equal("42", r.Text);
        IReadOnlyList<CascadeDecision> decisions = r.GetCascadeDecisions();
        Assert.Equal(2, decisions.Count);
        Assert.False(decisions[0].Accepted);
        Assert.Equal(0, decisions[0].Score);
        Assert.Equal(Tier.Small, decisions[0].Tier);
        Assert.True(decisions[1].Accepted);
        Assert.Equal(Tier.Large, decisions[1].Tier);
        Assert.Equal(0.000015m + 0.000012m, decisions[0].CostUsd); // 100 in × $0.15/M + 20 out × $0.60/M
        Assert.Equal(decisions, observed);
        Assert.Equal(true, r.AdditionalProperties![LlmLintPropertyKeys.Accepted]);
        Assert.Equal(1, r.AdditionalProperties[LlmLintPropertyKeys.CascadeStage]);
    }

    [Fact]
    public async Task AcceptedFirstStage_DoesNotCallLaterStages()
    {
        var small = FakeChatClient.Answering("7");
        var large = FakeChatClient.Answering("8");
        using var cascade = new CascadeChatClient(new[] { new CascadeStage(small, "gpt-4o-mini"), new CascadeStage(large, "gpt-4o") }, new CascadeOptions { DefaultScorer = new StructuredOutputScorer<int>(IntParser) });

        Assert.Equal("7", (await cascade.GetResponseAsync(Msgs.User("q"))).Text);
        Assert.Equal(0, large.Calls);
    }

    [Fact]
    public async Task StructuredScorer_RunsUserValidators()
    {
        var scorer = StructuredOutputScorer<Point>.Json(JsonSerializerOptions.Web, p => p.X >= 0 ? null : "negative");
        var stage = new CascadeStage(new FakeChatClient());
        Assert.Equal(1, await scorer.ScoreAsync(new(Msgs.User("q"), null, FakeChatClient.Response("""{"x":1}"""), 0, stage), default));
        Assert.Equal(0, await scorer.ScoreAsync(new(Msgs.User("q"), null, FakeChatClient.Response("""{"x":-1}"""), 0, stage), default));
        Assert.Equal(0, await scorer.ScoreAsync(new(Msgs.User("q"), null, FakeChatClient.Response("not json"), 0, stage), default));
    }

    [Fact]
    public async Task SelfConsistency_ScoresAgreementOfKSamples()
    {
        int n = 0;
        string[] answers = { "Yes", "yes ", "no", "YES" };
        var client = new FakeChatClient { GetResponseAsyncCallback = (_, o, _) => Task.FromResult(FakeChatClient.Response(answers[Interlocked.Increment(ref n) - 1])) };
        var scorer = new SelfConsistencyScorer(samples: 4);

        ChatResponse first = await client.GetResponseAsync(Msgs.User("q"));
        double score = await scorer.ScoreAsync(new(Msgs.User("q"), new ChatOptions(), first, 0, new CascadeStage(client)), default);

        Assert.Equal(0.75, score);
        Assert.Equal(4, client.Calls);
        Assert.Throws<ArgumentOutOfRangeException>("samples", () => new SelfConsistencyScorer(1));
    }

    [Fact]
    public async Task LogprobScorer_ReadsLogprobsFromAdditionalProperties()
    {
        var scorer = new LogprobConfidenceScorer();
        var stage = new CascadeStage(new FakeChatClient());
        ChatResponse confident = FakeChatClient.Response("a");
        confident.AdditionalProperties = new() { ["logprobs"] = new[] { -0.01, -0.02 } };
        ChatResponse openAiShape = FakeChatClient.Response("b");
        openAiShape.AdditionalProperties = new() { ["logprobs"] = JsonDocument.Parse("""{"content":[{"token":"b","logprob":-2.0},{"token":"c","logprob":-2.0}]}""").RootElement };
        ChatResponse none = FakeChatClient.Response("c");

        Assert.Equal(Math.Exp(-0.015), await scorer.ScoreAsync(new(Msgs.User("q"), null, confident, 0, stage), default), 6);
        Assert.Equal(Math.Exp(-2.0), await scorer.ScoreAsync(new(Msgs.User("q"), null, openAiShape, 0, stage), default), 6);
        Assert.Equal(0, await scorer.ScoreAsync(new(Msgs.User("q"), null, none, 0, stage), default));
    }

    [Fact]
    public async Task PerStageThresholds_AndDelegateScorer()
    {
        var small = FakeChatClient.Answering("s");
        var large = FakeChatClient.Answering("l");
        var scorer = new DelegateScorer((c, _) => new ValueTask<double>(0.6));
        using var strict = new CascadeChatClient(new[] { new CascadeStage(small) { Scorer = scorer, Threshold = 0.7 }, new CascadeStage(large) { Scorer = scorer, Threshold = 0.5 } });
        using var lax = new CascadeChatClient(new[] { new CascadeStage(small) { Scorer = scorer, Threshold = 0.5 }, new CascadeStage(large) });

        Assert.Equal("l", (await strict.GetResponseAsync(Msgs.User("q"))).Text);
        Assert.Equal("s", (await lax.GetResponseAsync(Msgs.User("q"))).Text);
    }

    [Fact]
    public async Task RefusedOrTruncatedAnswers_Escalate()
    {
        var small = new FakeChatClient { GetResponseAsyncCallback = (_, _, _) => Task.FromResult(FakeChatClient.Response("cut", finish: ChatFinishReason.Length)) };
        var large = FakeChatClient.Answering("whole");
        using var cascade = new CascadeChatClient(new[] { new CascadeStage(small), new CascadeStage(large) });

        Assert.Equal("whole", (await cascade.GetResponseAsync(Msgs.User("q"))).Text);
    }

    public static IEnumerable<object[]> Faults() => new[]
    {
        new object[] { new InvalidOperationException("boom") },
        new object[] { new HttpRequestException("slow down", null, HttpStatusCode.TooManyRequests) },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task FaultingStage_EscalatesByDefault(Exception fault)
    {
        var small = new FakeChatClient { GetResponseAsyncCallback = (_, _, _) => Task.FromException<ChatResponse>(fault) };
        var large = FakeChatClient.Answering("ok");
        using var cascade = new CascadeChatClient(new[] { new CascadeStage(small, "gpt-4o-mini"), new CascadeStage(large, "gpt-4o") });

        ChatResponse r = await cascade.GetResponseAsync(Msgs.User("q"));

        Assert.Equal("ok", r.Text);
        CascadeDecision first = r.GetCascadeDecisions()[0];
        Assert.False(first.Accepted);
        Assert.Null(first.Score);
        Assert.Contains(fault.Message, first.Fault);
    }

    [Fact]
    public async Task FaultingStage_ThrowsAClearException_WhenConfigured_OrWhenTheLastStageFaults()
    {
        var bad = new FakeChatClient { GetResponseAsyncCallback = (_, _, _) => Task.FromException<ChatResponse>(new InvalidOperationException("boom")) };
        var good = FakeChatClient.Answering("ok");
        using var throwing = new CascadeChatClient(new[] { new CascadeStage(bad, "gpt-4o-mini"), new CascadeStage(good) }, new CascadeOptions { OnFault = CascadeFaultBehavior.Throw });
        using var allBad = new CascadeChatClient(new[] { new CascadeStage(bad), new CascadeStage(bad) });

        CascadeException ex = await Assert.ThrowsAsync<CascadeException>(() => throwing.GetResponseAsync(Msgs.User("q")));
        Assert.Contains("stage 0 (gpt-4o-mini)", ex.Message);
        Assert.IsType<InvalidOperationException>(ex.InnerException);
        Assert.Equal(0, good.Calls);
        CascadeException all = await Assert.ThrowsAsync<CascadeException>(() => allBad.GetResponseAsync(Msgs.User("q")));
        Assert.Equal(2, all.Decisions.Count);
    }

    [Fact]
    public async Task SlowStage_TimesOut_AndEscalates()
    {
        var slow = new FakeChatClient
        {
            GetResponseAsyncCallback = async (_, _, ct) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(30), ct);
                return FakeChatClient.Response("late");
            },
        };
        using var cascade = new CascadeChatClient(new[] { new CascadeStage(slow), new CascadeStage(FakeChatClient.Answering("fast")) }, new CascadeOptions { StageTimeout = TimeSpan.FromMilliseconds(50) });

        ChatResponse r = await cascade.GetResponseAsync(Msgs.User("q"));

        Assert.Equal("fast", r.Text);
        Assert.Contains("TimeoutException", r.GetCascadeDecisions()[0].Fault);
    }

    [Fact]
    public async Task Cancellation_IsNeverSwallowedAsAFault()
    {
        using var cts = new CancellationTokenSource();
        var small = new FakeChatClient
        {
            GetResponseAsyncCallback = (_, _, ct) =>
            {
                cts.Cancel();
                ct.ThrowIfCancellationRequested();
                return Task.FromResult(FakeChatClient.Response("x"));
            },
        };
        var large = FakeChatClient.Answering("y");
        using var cascade = new CascadeChatClient(new[] { new CascadeStage(small), new CascadeStage(large) });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cascade.GetResponseAsync(Msgs.User("q"), null, cts.Token));
        Assert.Equal(0, large.Calls);
    }

    [Fact]
    public async Task NoStageAccepts_ReturnsTheLastAnswerMarkedNotAccepted_OrThrows()
    {
        var reject = new DelegateScorer(_ => false);
        var stages = new[] { new CascadeStage(FakeChatClient.Answering("a")), new CascadeStage(FakeChatClient.Answering("b")) };
        using var lenient = new CascadeChatClient(stages, new CascadeOptions { DefaultScorer = reject });
        using var strict = new CascadeChatClient(stages, new CascadeOptions { DefaultScorer = reject, ThrowWhenNoneAccepted = true });

        ChatResponse r = await lenient.GetResponseAsync(Msgs.User("q"));
        Assert.Equal("b", r.Text);
        Assert.Equal(false, r.AdditionalProperties![LlmLintPropertyKeys.Accepted]);
        await Assert.ThrowsAsync<CascadeException>(() => strict.GetResponseAsync(Msgs.User("q")));
    }

    [Fact]
    public async Task Streaming_ReplaysTheAcceptedAnswer_AndOptionsAndTokenReachTheStage()
    {
        ChatOptions? seen = null;
        CancellationToken token = default;
        var small = new FakeChatClient
        {
            GetResponseAsyncCallback = (_, o, ct) =>
            {
                seen = o;
                token = ct;
                return Task.FromResult(FakeChatClient.Response("streamed"));
            },
        };
        using var cascade = new CascadeChatClient(new[] { new CascadeStage(small) });
        var options = new ChatOptions { ModelId = "gpt-4o-mini" };
        using var cts = new CancellationTokenSource();

        Assert.Equal("streamed", string.Concat(await StreamingUpdates.Collect(cascade.GetStreamingResponseAsync(Msgs.User("q"), options, cts.Token))));
        Assert.Same(options, seen);
        Assert.Equal(cts.Token, token);
        Assert.Null(options.AdditionalProperties);
    }

    [Fact]
    public void ArgumentErrors_NameTheParameter()
    {
        Assert.Equal("stages", Assert.Throws<ArgumentNullException>(() => new CascadeChatClient(null!)).ParamName);
        Assert.Equal("stages", Assert.Throws<ArgumentException>(() => new CascadeChatClient(Array.Empty<CascadeStage>())).ParamName);
        Assert.Equal("client", Assert.Throws<ArgumentNullException>(() => new CascadeStage(null!)).ParamName);
        Assert.Equal("parser", Assert.Throws<ArgumentNullException>(() => new StructuredOutputScorer<int>(null!)).ParamName);
        Assert.Equal("configure", Assert.Throws<ArgumentNullException>(() => new FakeChatClient().AsBuilder().UseCascade(null!)).ParamName);
    }

    private sealed record Point(int X);
}
