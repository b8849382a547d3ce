using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using LlmLint.Caching;
using LlmLint.Distillation;
using LlmLint.LearnedRouting;
using LlmLint.Metering;
using LlmLint.Offline;
using Microsoft.Extensions.AI;

namespace LlmLint.Tests.Distillation;

/// <summary>The distillation stage of an IChatClient pipeline, keyed by the request's function id.</summary>
public sealed class DistillingChatClientTests
{
    private static readonly string[] Refunds = { "refund", "invoice", "charged twice", "payment failed", "bill is wrong" };
    private static readonly string[] Logins = { "password", "login", "locked out", "username", "two factor" };

    [Fact]
    public async Task Valid_answers_are_captured_and_a_trained_student_answers_locally_at_no_cost()
    {
        var teacher = new ScriptedChatClient("gpt-4o-mini").WhenUserMatches("refund|invoice|charged|payment|bill", "Billing").Otherwise("Account");
        var ledger = new InMemoryCostLedger();
        using var distiller = new Distiller(new DistillationOptions { EmbeddingGenerator = new HashingTextEmbedder(128), ShadowRate = 0 });
        IChatClient client = new ChatClientBuilder(teacher)
            .UseCostMetering(o => o.Ledger = ledger)
            .UseDistillation(new[] { DistilledFunction.Classifier("Triage", "h1", "Billing", "Account") }, distiller)
            .Build();

        foreach (string text in Traffic(400, seed: 1))
        {
            await client.GetResponseAsync(text, CaptureFaultTests.Options("Triage"));
        }

        await distiller.WhenIdleAsync();
        Assert.Equal(400, (await distiller.Store.ReadAsync("Triage")).Count);
        await distiller.TrainAndInstallAsync("Triage", targetAgreement: 0.95);

        int calls = teacher.CallCount;
        ChatResponse response = await client.GetResponseAsync("hi refund thanks invoice", CaptureFaultTests.Options("Triage"));

        Assert.Equal(calls, teacher.CallCount);
        Assert.Equal("Billing", response.Text);
        LocalAnswer local = Assert.IsType<LocalAnswer>(response.GetLocalAnswer());
        Assert.True(local.Confidence >= local.Threshold);
        Assert.Equal(0m, response.AdditionalProperties![LlmLintPropertyKeys.CostUsd]);
        Assert.Equal(DistillationResponses.StudentModelId, response.ModelId);
        Assert.Equal(400, (await ledger.QueryAsync(DateTimeOffset.MinValue)).Sum(s => s.Calls)); // only teacher calls reach the meter
    }

    [Fact]
    public async Task Requests_of_other_functions_and_invalid_answers_pass_through_uncaptured()
    {
        var teacher = new ScriptedChatClient("gpt-4o-mini").WhenUserSays("refund", "Billing").Otherwise("I cannot tell");
        using var distiller = new Distiller(new DistillationOptions { EmbeddingGenerator = new HashingTextEmbedder(64) });
        IChatClient client = new ChatClientBuilder(teacher)
            .UseDistillation(new[] { DistilledFunction.Classifier("Triage", "h1", "Billing", "Account") }, distiller)
            .Build();

        await client.GetResponseAsync("refund", CaptureFaultTests.Options("Other"));
        await client.GetResponseAsync("refund");
        ChatResponse invalid = await client.GetResponseAsync("hello", CaptureFaultTests.Options("Triage"));
        await client.GetResponseAsync("refund", CaptureFaultTests.Options("Triage"));
        await distiller.WhenIdleAsync();

        Assert.Equal("I cannot tell", invalid.Text);
        DistillationCapture capture = Assert.Single(await distiller.Store.ReadAsync("Triage"));
        Assert.Equal("Billing", capture.Label);
        Assert.Equal("refund", capture.Input);
        Assert.Empty(await distiller.Store.ReadAsync("Other"));
    }

    [Fact]
    public async Task A_student_of_another_template_hash_is_retired()
    {
        var teacher = new ScriptedChatClient("gpt-4o-mini").WhenUserMatches("refund|invoice|charged|payment|bill", "Billing").Otherwise("Account");
        var requests = new List<StudentRetrainRequest>();
        using var distiller = new Distiller(new DistillationOptions { EmbeddingGenerator = new HashingTextEmbedder(128), OnRetrainRequested = requests.Add });
        DistilledFunction v1 = DistilledFunction.Classifier("Triage", "h1", "Billing", "Account");
        DistilledFunction v2 = DistilledFunction.Classifier("Triage", "h2", "Billing", "Account");
        IChatClient before = new ChatClientBuilder(teacher).UseDistillation(new[] { v1 }, distiller).Build();
        IChatClient after = new ChatClientBuilder(teacher).UseDistillation(new[] { v2 }, distiller).Build();
        foreach (string text in Traffic(400, seed: 2))
        {
            await before.GetResponseAsync(text, CaptureFaultTests.Options("Triage"));
        }

        await distiller.WhenIdleAsync();
        await distiller.TrainAndInstallAsync("Triage", targetAgreement: 0.95);
        Assert.NotNull((await before.GetResponseAsync("hi refund thanks invoice", CaptureFaultTests.Options("Triage"))).GetLocalAnswer());

        ChatResponse response = await after.GetResponseAsync("hi refund thanks invoice", CaptureFaultTests.Options("Triage"));

        Assert.Null(response.GetLocalAnswer());
        Assert.Equal(StudentState.Retired, distiller.GetStatus("Triage").State);
        Assert.Equal("h2", Assert.Single(requests).TemplateHash);
        await distiller.WhenIdleAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => distiller.TrainAsync("Triage")); // one capture under h2: too few to train
    }

    [Fact]
    public async Task A_capture_only_function_keeps_calling_the_teacher_and_cache_hits_are_not_captured_again()
    {
        var teacher = new ScriptedChatClient("gpt-4o-mini").WhenUserMatches("refund|invoice|charged|payment|bill", "Billing").Otherwise("Account");
        using var distiller = new Distiller(new DistillationOptions { EmbeddingGenerator = new HashingTextEmbedder(128) });
        DistilledFunction captureOnly = DistilledFunction.Classifier("Triage", "h1", "Billing", "Account");
        captureOnly = new DistilledFunction { FunctionId = "Triage", TemplateHash = "h1", ReadLabel = captureOnly.ReadLabel, Policy = new LlmDistillationPolicy { AnswerLocally = false } };
        IChatClient client = new ChatClientBuilder(teacher).UseDistillation(new[] { captureOnly }, distiller).UseLlmLintCache().Build();
        List<string> traffic = Traffic(400, seed: 3).ToList();
        foreach (string text in traffic)
        {
            await client.GetResponseAsync(text, CaptureFaultTests.Options("Triage"));
        }

        await distiller.WhenIdleAsync();
        int unique = traffic.Distinct().Count();
        Assert.True(unique < traffic.Count, "the traffic repeats some tickets");
        Assert.Equal(unique, (await distiller.Store.ReadAsync("Triage")).Count); // repeats were cache hits
        await distiller.TrainAndInstallAsync("Triage", targetAgreement: 0.9);

        int calls = teacher.CallCount;
        ChatResponse response = await client.GetResponseAsync("hello refund my invoice", CaptureFaultTests.Options("Triage"));

        Assert.Null(response.GetLocalAnswer());
        Assert.Equal(calls + 1, teacher.CallCount);
    }

    private static IEnumerable<string> Traffic(int count, int seed)
    {
        var random = new Random(seed);
        string[] filler = { "hi", "please", "help", "my", "the", "today", "again", "thanks" };
        for (int i = 0; i < count; i++)
        {
            string[] topic = i % 2 == 0 ? Refunds : Logins;
            yield return string.Join(' ', new[] { filler[random.Next(filler.Length)], topic[random.Next(topic.Length)], filler[random.Next(filler.Length)], topic[random.Next(topic.Length)] });
        }
    }
}
