using System.Linq;
using LlmLint.SemanticCache;

namespace LlmLint.Tests.SemanticCache;

/// <summary>
/// The guards for what is asked (question type, modality, tense, conditions), how many things (singular and plural, a
/// restricted set against the whole set) and which choice (alternatives) let through the paraphrases that the evaluation
/// sets showed to be at risk; what each one catches is in <see cref="MeaningGuardTests"/>.
/// </summary>
public class QuestionAndScopeGuardTests
{
    private readonly LexicalGuard _guard = new();

    [Theory]
    [InlineData("question type", "How do I track my card?", "Is there a way to track my card?")]
    [InlineData("question type", "How do I verify my identity?", "What do I need to do to verify my identity?")]
    [InlineData("question type", "Is it possible to get a card if I'm not in the UK?", "Is it possible to get a card when I'm not in the UK?")]
    [InlineData("question type", "How do I get a copy of my birth certificate?", "Where can I request a copy of my birth certificate?")]
    [InlineData("question type", "Cancel my subscription", "How do I cancel my subscription?")]
    [InlineData("modality", "When should I expect my card?", "When can I expect my card?")]
    [InlineData("modality", "What should I do if I lost my card?", "What can I do if I lost my card?")]
    [InlineData("modality", "Can I retake the exam?", "Is it possible to retake the exam?")]
    [InlineData("tense", "Has my parcel shipped?", "Did my parcel ship?")]
    [InlineData("tense", "Is the office open on Monday?", "Will the office be open on Monday?")]
    [InlineData("conditions", "What happens if I miss the deadline?", "If I miss the deadline, what happens?")]
    [InlineData("singular and plural", "Can you tell me the limits for top ups?", "Can you tell me the limit for top ups?")]
    [InlineData("singular and plural", "Can I bring a dog on the train?", "Can I bring dogs on the train?")]
    [InlineData("restricted scope", "I have exceeded the number of times I can try my PIN", "I have exceeded all my PIN tries")]
    [InlineData("restricted scope", "How do I update all npm packages?", "How do I upgrade every npm package?")]
    [InlineData("alternatives", "Is coffee or tea better for sleep?", "Is tea or coffee better for sleep?")]
    [InlineData("alternatives", "The map function works either individually or in batches.", "The map function works independently or in batches.")]
    public void Paraphrases_pass_the_guard(string guardName, string query, string candidate)
    {
        IMeaningGuard guard = MeaningGuards.CreateDefault().Single(g => g.Name == guardName);
        Assert.False(guard.TryFindDifference(MeaningText.Of(query), MeaningText.Of(candidate), out string reason), $"{guardName}: {reason}");
        Assert.False(guard.TryFindDifference(MeaningText.Of(candidate), MeaningText.Of(query), out reason), $"{guardName} (reversed): {reason}");
    }

    [Fact]
    public void Every_new_guard_is_a_named_check_that_can_be_turned_off()
    {
        var options = new LexicalGuardOptions();
        options.DisabledChecks.Add("tense");
        var guard = new LexicalGuard(options);
        foreach (string name in new[] { "question type", "modality", "tense", "conditions", "singular and plural", "restricted scope", "alternatives" })
        {
            Assert.Contains(name, guard.CheckNames);
        }

        Assert.Equal(GuardVerdict.Accepted, guard.Verify("Did the landlord return the deposit?", "Will the landlord return the deposit?", 0.99f).Verdict);
        Assert.Equal(GuardVerdict.Rejected, _guard.Verify("Did the landlord return the deposit?", "Will the landlord return the deposit?", 0.99f).Verdict);
    }
}
