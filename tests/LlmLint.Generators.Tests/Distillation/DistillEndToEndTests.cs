using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.DependencyInjection;
using LlmLint.Distillation;
using LlmLint.Generators.Tests.Functions;
using LlmLint.Generators.Tests.Infrastructure;
using LlmLint.LearnedRouting;
using LlmLint.Offline;
using LlmLint.Routing;
using LlmLint.Stores;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;

namespace LlmLint.Generators.Tests.Distillation;

/// <summary>
/// A generated <c>[Prompt]</c> enum function with <c>[Distill]</c> on a scripted teacher and a deterministic (hashing)
/// embedding generator: captures, a student that answers confident inputs and escalates the rest, a shadow check that
/// switches it off when the teacher changes, and a template edit that retires it.
/// </summary>
public sealed class DistillEndToEndTests : IDisposable
{
    private const string FunctionId = "LlmLint.Generators.Tests.Functions.DistilledTriage.ClassifyAsync";
    private readonly string _models = Path.Combine(Path.GetTempPath(), "llmlint-distill-e2e-" + Guid.NewGuid().ToString("N"));
    private readonly ConcurrentQueue<StudentRetrainRequest> _retrainRequests = new();
    private readonly ConcurrentQueue<LocalAnswer> _localAnswers = new();
    private volatile bool _teacherChanged;

    public void Dispose()
    {
        if (Directory.Exists(_models))
        {
            Directory.Delete(_models, recursive: true);
        }
    }

    [Fact]
    public async Task After_enough_captures_the_student_answers_confident_inputs_locally_and_escalates_the_rest()
    {
        (LlmRuntime runtime, ScriptedChatClient teacher) = CreateRuntime();
        using LlmRuntime owned = runtime;
        var triage = new DistilledTriage(runtime);
        Distiller distiller = runtime.Distiller!;

        // Without a student every call goes to the teacher and is captured with its validated answer.
        List<string> captures = Tickets.Traffic(perCategory: 200, ambiguous: 100, seed: 1);
        foreach (string ticket in captures)
        {
            Assert.Equal(Tickets.Teacher(ticket), await triage.ClassifyAsync(ticket));
        }

        await distiller.WhenIdleAsync();
        Assert.Equal(captures.Count, teacher.CallCount);
        Assert.Equal(captures.Count, distiller.Counters.Captured);
        IReadOnlyList<DistillationCapture> stored = await distiller.Store.ReadAsync(FunctionId);
        Assert.Equal(captures.Count, stored.Count);
        DistillationCapture first = stored.First(c => c.Input == captures[0]); // captures are stored in the background, in any order
        Assert.Equal(captures[0], first.Input);
        Assert.Equal(Tickets.Teacher(captures[0]).ToString(), first.Label);
        Assert.Equal(Tier.Small, first.Tier);
        Assert.Equal("gpt-4o-mini", first.ModelId);
        Assert.True(first.CostUsd > 0, "the teacher's call has a price");
        Assert.StartsWith("Classify this support ticket into one category.\nTicket: " + captures[0], first.Prompt, StringComparison.Ordinal);
        Assert.Equal("ticket=" + captures[0].Length + ":" + captures[0] + ";", first.Arguments);

        StudentModel model = await distiller.TrainAndInstallAsync(FunctionId);
        Assert.Equal(0.97, model.TargetAgreement); // from [Distill(Target = 0.97)]
        Assert.True(model.Student.HeldOut.LowerBound >= 0.97, $"held-out lower bound {model.Student.HeldOut.LowerBound:P1}");
        Assert.True(File.Exists(StudentModelFile.PathFor(_models, FunctionId)));

        // Later traffic: clear tickets are answered locally and agree with the teacher; ambiguous ones escalate.
        int callsBefore = teacher.CallCount;
        List<string> later = Tickets.Clear(perCategory: 25, seed: 2);
        int agreed = 0;
        foreach (string ticket in later)
        {
            agreed += await triage.ClassifyAsync(ticket) == Tickets.Teacher(ticket) ? 1 : 0;
            await distiller.WhenIdleAsync(); // one shadow check at a time: which answers are checked does not depend on timing
        }

        await distiller.WhenIdleAsync();
        DistillationCounters afterClear = distiller.Counters;
        Assert.True(afterClear.LocalAnswers >= later.Count * 0.6, $"{afterClear.LocalAnswers} of {later.Count} clear tickets answered locally");
        Assert.True(agreed >= later.Count * 0.9, $"{agreed} of {later.Count} agree with the teacher");
        Assert.Equal(afterClear.LocalAnswers + afterClear.Escalations, later.Count);
        Assert.All(_localAnswers, a => Assert.True(a.Confidence >= a.Threshold && a.CostUsd == 0m && a.StudentVersion == 1));

        // The teacher saw the escalations and a sampled half of the local answers (ShadowRate = 0.5), no more.
        Assert.Equal(afterClear.LocalAnswers / 2, afterClear.ShadowChecks + afterClear.ShadowSkipped);
        Assert.Equal(afterClear.Escalations + afterClear.ShadowChecks, teacher.CallCount - callsBefore);
        Assert.Equal(StudentState.Active, distiller.GetStatus(FunctionId).State);

        // Where the teacher's label is not predictable from the input, the student is not confident: those calls escalate.
        long localBefore = afterClear.LocalAnswers;
        foreach (string ticket in Tickets.Ambiguous(20, seed: 3))
        {
            await triage.ClassifyAsync(ticket);
            await distiller.WhenIdleAsync();
        }

        DistillationCounters afterAmbiguous = distiller.Counters;
        Assert.True(afterAmbiguous.LocalAnswers - localBefore <= 5, $"{afterAmbiguous.LocalAnswers - localBefore} of 20 ambiguous tickets answered locally");
        Assert.Empty(_retrainRequests);
    }

    [Fact]
    public async Task The_student_switches_itself_off_when_the_teacher_changes_its_answers()
    {
        (LlmRuntime runtime, ScriptedChatClient teacher) = CreateRuntime();
        using LlmRuntime owned = runtime;
        var triage = new DistilledTriage(runtime);
        await CaptureAndTrainAsync(triage, runtime.Distiller!);

        // The teacher now files every billing ticket under Account; the student keeps saying Billing.
        _teacherChanged = true;
        var answers = new List<TicketCategory>();
        foreach (string ticket in Tickets.Billing(60, seed: 4))
        {
            answers.Add(await triage.ClassifyAsync(ticket));
            await runtime.Distiller!.WhenIdleAsync(); // one shadow check at a time, so the switch-off point is deterministic
        }

        StudentStatus status = runtime.Distiller!.GetStatus(FunctionId);
        Assert.Equal(StudentState.SwitchedOff, status.State);
        Assert.True(status.LowerBound < 0.97, $"lower bound {status.LowerBound:P1}");
        StudentRetrainRequest request = Assert.Single(_retrainRequests);
        Assert.Equal(StudentState.SwitchedOff, request.State);
        Assert.Contains("below the target", request.Reason, StringComparison.Ordinal);
        DistillationCounters counters = runtime.Distiller.Counters;
        Assert.Equal(1, counters.SwitchedOff);
        Assert.True(counters.ShadowDisagreements >= 3, $"{counters.ShadowDisagreements} disagreements");

        // Switched off, every call goes to the teacher: the answers follow its new behaviour.
        Assert.True(answers.Count(a => a == TicketCategory.Billing) <= 10, $"{answers.Count(a => a == TicketCategory.Billing)} stale local answers before the switch-off");
        Assert.All(answers.TakeLast(20), a => Assert.Equal(TicketCategory.Account, a));
        int calls = teacher.CallCount;
        Assert.Equal(TicketCategory.Account, await triage.ClassifyAsync("refund for my invoice please"));
        Assert.Equal(calls + 1, teacher.CallCount);

        // A retrain on the new captures brings a student of the new behaviour.
        StudentModel retrained = await runtime.Distiller.TrainAndInstallAsync(FunctionId);
        Assert.Equal(2, retrained.Version);
        Assert.Equal(StudentState.Active, runtime.Distiller.GetStatus(FunctionId).State);
    }

    [Fact]
    public async Task A_template_edit_retires_the_student_loaded_from_its_model_file()
    {
        string hash;
        (LlmRuntime first, _) = CreateRuntime();
        using (first)
        {
            StudentModel trained = await CaptureAndTrainAsync(new DistilledTriage(first), first.Distiller!);
            hash = trained.TemplateHash;
        }

        // A restarted app loads the versioned model file and answers locally at once.
        (LlmRuntime runtime, ScriptedChatClient teacher) = CreateRuntime();
        using LlmRuntime owned = runtime;
        Assert.Equal(TicketCategory.Billing, await new DistilledTriage(runtime).ClassifyAsync("hello refund please invoice"));
        await runtime.Distiller!.WhenIdleAsync();
        int shadowCalls = (int)runtime.Distiller.Counters.ShadowChecks; // a sampled local answer is checked against the teacher in the background
        Assert.Equal(1, runtime.Distiller.Counters.LocalAnswers);
        Assert.Equal(shadowCalls, teacher.CallCount);
        Assert.Equal(new StudentStatus(FunctionId, StudentState.Active, 1, hash, 0, runtime.Distiller.GetStatus(FunctionId).LowerBound), runtime.Distiller.GetStatus(FunctionId));

        // The same function compiled with an edited prompt has another template hash: the student is retired.
        Func<ILlmRuntime, string, Task<TicketCategory>> edited = CompileEditedTemplate("Which team should handle this ticket?\\nTicket: {ticket}");
        Assert.Equal(TicketCategory.Billing, await edited(runtime, "hello refund please invoice"));
        Assert.Equal(shadowCalls + 1, teacher.CallCount);
        Assert.Contains("Which team should handle this ticket?", teacher.Calls[shadowCalls].Request.LastUserText, StringComparison.Ordinal);
        StudentStatus status = runtime.Distiller.GetStatus(FunctionId);
        Assert.Equal(StudentState.Retired, status.State);
        StudentRetrainRequest request = Assert.Single(_retrainRequests);
        Assert.Equal(StudentState.Retired, request.State);
        Assert.NotEqual(hash, request.TemplateHash);
        Assert.Equal(1, runtime.Distiller.Counters.Retired);

        // Retired for good: even the old template's calls now go to the teacher.
        await new DistilledTriage(runtime).ClassifyAsync("hello refund please invoice");
        Assert.Equal(shadowCalls + 2, teacher.CallCount);

        // Captures under the new template train version 2, tied to the new hash.
        foreach (string ticket in Tickets.Traffic(perCategory: 200, ambiguous: 100, seed: 5))
        {
            await edited(runtime, ticket);
        }

        await runtime.Distiller.WhenIdleAsync();
        StudentModel next = await runtime.Distiller.TrainAndInstallAsync(FunctionId);
        Assert.Equal(2, next.Version);
        Assert.Equal(request.TemplateHash, next.TemplateHash);
        Assert.Equal(2, StudentModelFile.Read(StudentModelFile.PathFor(_models, FunctionId)).Version);
        int calls = teacher.CallCount;
        long local = runtime.Distiller.Counters.LocalAnswers, checks = runtime.Distiller.Counters.ShadowChecks;
        Assert.Equal(TicketCategory.Account, await edited(runtime, "hello login please password"));
        await runtime.Distiller.WhenIdleAsync();
        Assert.Equal(local + 1, runtime.Distiller.Counters.LocalAnswers);
        // Answered by the student; the teacher sees it only if it was sampled for a background shadow check.
        Assert.Equal(calls + (runtime.Distiller.Counters.ShadowChecks - checks), teacher.CallCount);
    }

    private async Task<StudentModel> CaptureAndTrainAsync(DistilledTriage triage, Distiller distiller)
    {
        foreach (string ticket in Tickets.Traffic(perCategory: 200, ambiguous: 100, seed: 1))
        {
            await triage.ClassifyAsync(ticket);
        }

        await distiller.WhenIdleAsync();
        return await distiller.TrainAndInstallAsync(FunctionId);
    }

    private (LlmRuntime Runtime, ScriptedChatClient Teacher) CreateRuntime()
    {
        var teacher = ScriptedChatClient.FromCallback(
            request =>
            {
                string ticket = request.LastUserText.Split("Ticket: ")[1].Split("\n\n")[0];
                TicketCategory answer = Tickets.Teacher(ticket);
                return (_teacherChanged && answer == TicketCategory.Billing ? TicketCategory.Account : answer).ToString();
            },
            "gpt-4o-mini");
        var options = new LlmRuntimeOptions
        {
            Distillation = new DistillationOptions
            {
                EmbeddingGenerator = new HashingTextEmbedder(),
                ModelDirectory = _models,
                MinShadowChecks = 3,
                ShadowWindow = 200,
                OnRetrainRequested = _retrainRequests.Enqueue,
                OnLocalAnswer = _localAnswers.Enqueue,
            },
        };
        return (new LlmRuntime(new LlmTierSet().Add(Tier.Small, teacher, "gpt-4o-mini"), options, new InMemoryLlmCacheStore()), teacher);
    }

    /// <summary>Compiles <see cref="DistilledTriage"/> again with another prompt, as an edited app would be: same function id, new template hash.</summary>
    private static Func<ILlmRuntime, string, Task<TicketCategory>> CompileEditedTemplate(string template)
    {
        string source = $$"""
            using System.Threading;
            using System.Threading.Tasks;
            using LlmLint;

            namespace LlmLint.Generators.Tests.Functions;

            public partial class DistilledTriage(ILlmRuntime llm)
            {
                [Prompt("{{template}}")]
                [Distill(Target = 0.97, ShadowRate = 0.5)]
                public partial Task<TicketCategory> ClassifyAsync(string ticket, CancellationToken cancellationToken = default);
            }
            """;
        CSharpCompilation compilation = GeneratorRunner.Compile(source)
            .WithAssemblyName("EditedTemplate" + Guid.NewGuid().ToString("N"))
            .AddReferences(MetadataReference.CreateFromFile(typeof(TicketCategory).Assembly.Location));
        (_, Compilation output, GeneratorRunResult result) = GeneratorRunner.Run(compilation);
        Assert.Null(result.Exception);
        using var image = new MemoryStream();
        EmitResult emitted = output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        Type type = Assembly.Load(image.ToArray()).GetType("LlmLint.Generators.Tests.Functions.DistilledTriage", throwOnError: true)!;
        MethodInfo classify = type.GetMethod("ClassifyAsync")!;
        return (runtime, ticket) => (Task<TicketCategory>)classify.Invoke(Activator.CreateInstance(type, runtime), new object[] { ticket, CancellationToken.None })!;
    }
}
