using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using LlmLint.Distillation;
using LlmLint.LearnedRouting;

namespace LlmLint.Tests.Distillation;

/// <summary>
/// Captures reach a store in the background, in any order: a retrain on the same captures gives the same student whatever
/// order the store returns them in, and "the newest template" is the template of the newest capture.
/// </summary>
public sealed class TrainingOrderTests
{
    [Fact]
    public async Task The_same_captures_in_another_order_train_the_same_student_under_the_newest_template()
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var random = new Random(7);
        string[] billing = { "refund", "invoice", "charged twice", "payment failed" };
        string[] account = { "password", "login", "locked out", "username" };
        var captures = new List<DistillationCapture>();
        for (int i = 0; i < 300; i++)
        {
            bool isBilling = random.Next(2) == 0;
            string[] words = isBilling ? billing : account;
            string text = words[random.Next(words.Length)] + " please " + words[random.Next(words.Length)] + " " + random.Next(1000);
            string label = random.Next(10) == 0 ? (isBilling ? "Account" : "Billing") : (isBilling ? "Billing" : "Account"); // a noisy teacher
            captures.Add(new DistillationCapture("Triage", i < 10 ? "old" : "new", start.AddSeconds(i), text, text, null, null, label, label, Tier.Large, "gpt-4o", null));
        }

        StudentModel inOrder = await TrainAsync(captures);
        StudentModel reversed = await TrainAsync(Enumerable.Reverse(captures));
        StudentModel shuffled = await TrainAsync(captures.OrderBy(_ => random.Next()));

        foreach (StudentModel other in new[] { reversed, shuffled })
        {
            Assert.Equal("new", other.TemplateHash);
            Assert.Equal(inOrder.Student.HeldOut, other.Student.HeldOut);
            Assert.Equal(inOrder.Student.Threshold, other.Student.Threshold);
            Assert.Equal(inOrder.Student.Penalty, other.Student.Penalty);
        }
    }

    private static async Task<StudentModel> TrainAsync(IEnumerable<DistillationCapture> captures)
    {
        var store = new InMemoryDistillationStore(new DistillationRetention { MaxAge = null });
        foreach (DistillationCapture capture in captures)
        {
            await store.AddAsync(capture);
        }

        using var distiller = new Distiller(new DistillationOptions { EmbeddingGenerator = new HashingTextEmbedder(128), Store = store });
        return await distiller.TrainAsync("Triage", targetAgreement: 0.8);
    }
}
