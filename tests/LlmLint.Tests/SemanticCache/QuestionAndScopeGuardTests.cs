using System.Linq;
using LlmLint.SemanticCache;

namespace LlmLint.Tests.SemanticCache;

/// <summary>
/// The guards for what is asked (question type, modality, tense, conditions), how many things (singular and plural, a
/// restricted set against the whole set) and which choice (alternatives): each catches its kind of difference, both
/// ways round, and lets the paraphrases that the evaluation sets showed to be at risk through.
/// </summary>
public class QuestionAndScopeGuardTests
{
    private readonly LexicalGuard _guard = new();

    [Theory]
    [InlineData("question type", "How do I close my brokerage account?", "Why would I close my brokerage account?")]
    [InlineData("question type", "When is the tax office open?", "Where is the tax office open?")]
    [InlineData("question type", "Is there a late fee for the library book?", "What is the late fee for the library book?")]
    [InlineData("question type", "What time does the pharmacy open?", "Where does the pharmacy open?")]
    [InlineData("question type", "Where does the night bus to the airport leave from?", "When does the night bus to the airport leave?")]
    [InlineData("modality", "Must I show a receipt for the return?", "May I show a receipt for the return?")]
    [InlineData("modality", "Is a helmet required on an e-bike?", "Is a helmet allowed on an e-bike?")]
    [InlineData("tense", "Did the landlord return the deposit?", "Will the landlord return the deposit?")]
    [InlineData("tense", "Has the refund been issued?", "Will the refund be issued?")]
    [InlineData("tense", "What happened at the board meeting?", "What will happen at the board meeting?")]
    [InlineData("conditions", "Should the pump start if the tank is empty?", "Should the pump start unless the tank is empty?")]
    [InlineData("conditions", "Is the bonus paid only if the target is met?", "Is the bonus paid even if the target is missed?")]
    [InlineData("singular and plural", "Archive the report in the shared folder", "Archive the reports in the shared folder")]
    [InlineData("singular and plural", "Cancel my reservation for tonight", "Cancel my reservations for tonight")]
    [InlineData("restricted scope", "Email all subscribers about the outage", "Email the affected subscribers about the outage")]
    [InlineData("restricted scope", "Refund every order", "Refund the late orders")]
    [InlineData("alternatives", "Should I paint the fence white or grey?", "Should I paint the fence grey or green?")]
    [InlineData("alternatives", "Should I use tabs or spaces in the Makefile?", "Should I use spaces or tabs in the README?")]
    public void Each_guard_catches_its_kind_of_difference(string guardName, string query, string candidate)
    {
        IMeaningGuard guard = MeaningGuards.CreateDefault().Single(g => g.Name == guardName);
        Assert.True(guard.TryFindDifference(MeaningText.Of(query), MeaningText.Of(candidate), out string reason), $"{guardName} missed: {query} / {candidate}");
        Assert.False(string.IsNullOrEmpty(reason));
        Assert.True(guard.TryFindDifference(MeaningText.Of(candidate), MeaningText.Of(query), out _), "the guard is not symmetric");
        Assert.Equal(GuardVerdict.Rejected, _guard.Verify(query, candidate, 0.99f).Verdict);
    }

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
