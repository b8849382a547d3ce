using System;
using System.IO;
using System.Linq;
using LlmLint.SemanticCache;

namespace LlmLint.Tests.SemanticCache;

public class MeaningGuardTests
{
    private const string LongContext = "Case notes for the HR business partner: an engineer with four years at the company and consistently strong reviews has told her manager that she is expecting a baby in five months. Around the same time her team is being reorganised, and two positions in the team are at risk. The manager has asked how to handle her request to work from home two days a week during the pregnancy. The company has a written parental leave policy and a flexible working policy. Keeping all of this in mind, ";

    private readonly LexicalGuard _guard = new();

    [Theory]
    [InlineData("antonyms", "Buy 10 shares of AAPL", "Sell 10 shares of AAPL")]
    [InlineData("antonyms", "Should I increase the dosage of my pills?", "Should I decrease the dosage of my pills?")]
    [InlineData("antonyms", "How do I enable two-factor authentication?", "How do I disable two-factor authentication?")]
    [InlineData("antonyms", "Turn the alarm on in the warehouse", "Turn the alarm off in the warehouse")]
    [InlineData("antonyms", "Is it safe to take ibuprofen with this?", "Is it dangerous to take ibuprofen with this?")]
    [InlineData("antonyms", "How do I lock my debit card?", "How do I unlock my debit card?")]
    [InlineData("antonyms", "I bought the shares yesterday at noon", "I sold the shares yesterday at noon")]
    [InlineData("same frame, other slot", "How do I reset my password?", "How do I reset my PIN?")]
    [InlineData("same frame, other slot", "Cancel my order", "Cancel my subscription")]
    [InlineData("same frame, other slot", "Add the printer to the guest network", "Remove the printer from the guest network")]
    [InlineData("same frame, other slot", "Grant the intern access to the billing dashboard", "Revoke the intern's access to the billing dashboard")]
    [InlineData("direction and roles", "Did Alice pay Bob back?", "Did Bob pay Alice back?")]
    [InlineData("direction and roles", "Move the employee from the sales team to the support team", "Move the employee from the support team to the sales team")]
    [InlineData("direction and roles", "Merge main into the feature branch", "Merge the feature branch into main")]
    [InlineData("direction and roles", "Replicate the volume from region B to region A", "Replicate the volume from region A to region B")]
    [InlineData("units", "Set the timeout to 30 seconds", "Set the timeout to 30 minutes")]
    [InlineData("units", "Send 100 USD to my sister", "Send 100 EUR to my sister")]
    [InlineData("dates and times", "Book a table for Friday at 7 pm", "Book a table for Saturday at 7 pm")]
    [InlineData("dates and times", "Show me the error logs from last week", "Show me the error logs from next week")]
    [InlineData("quantifiers and scope", "Delete all of the emails in the inbox", "Delete some of the emails in the inbox")]
    [InlineData("possessors", "Show me my recent orders please", "Show me their recent orders please")]
    [InlineData("comparatives and superlatives", "What is the cheapest flight to Rome this month?", "What is the most expensive flight to Rome this month?")]
    [InlineData("comparatives and superlatives", "Which medication has fewer side effects for children?", "Which medication has more side effects for children?")]
    [InlineData("question type", "How do I close my brokerage account?", "Why would I close my brokerage account?")]
    [InlineData("question type", "When is the tax office open?", "Where is the tax office open?")]
    [InlineData("question type", "Is there a late fee for the library book?", "What is the late fee for the library book?")]
    [InlineData("question type", "Which browsers does the extension support?", "Is Firefox supported by the extension?")]
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
    [InlineData("singular and plural", "Is the attachment scanned for viruses?", "Are the attachments scanned for viruses?")]
    [InlineData("restricted scope", "Email all subscribers about the outage", "Email the affected subscribers about the outage")]
    [InlineData("restricted scope", "Refund every order", "Refund the late orders")]
    [InlineData("alternatives", "Should I paint the fence white or grey?", "Should I paint the fence grey or green?")]
    [InlineData("alternatives", "Should I use tabs or spaces in the Makefile?", "Should I use spaces or tabs in the README?")]
    [InlineData("alternatives", "Should I deploy to blue or green for the API gateway?", "Should I deploy to green or blue for the worker?")]
    [InlineData("alternatives", "Is the new hire a data analyst or an engineer?", "Is the new hire a junior or a senior data analyst?")]
    [InlineData("alternatives", "Is the charger or the cable covered by the warranty?", "Is the cable covered by the warranty?")]
    [InlineData("opposite particles", "Is the quoted salary before tax?", "Is the quoted salary with tax?")]
    [InlineData("opposite particles", "Are the rates quoted including fees?", "Are the rates quoted excluding fees?")]
    public void Each_guard_catches_its_kind_of_difference(string guardName, string query, string candidate)
    {
        IMeaningGuard guard = MeaningGuards.CreateDefault().Single(g => g.Name == guardName);
        Assert.True(guard.TryFindDifference(MeaningText.Of(query), MeaningText.Of(candidate), out string reason), $"{guardName} missed: {query} / {candidate}");
        Assert.False(string.IsNullOrEmpty(reason));
        Assert.True(guard.TryFindDifference(MeaningText.Of(candidate), MeaningText.Of(query), out _), "the guard is not symmetric");
        Assert.Equal(GuardVerdict.Rejected, _guard.Verify(query, candidate, 0.99f).Verdict);
    }

    [Theory]
    [InlineData("How do I reset my password?", "How can I reset my password")]
    [InlineData("I want to buy a new card", "I'd like to purchase a new card")]
    [InlineData("Is coffee or tea better for sleep?", "Is tea or coffee better for sleep?")]
    [InlineData("Move money from savings to checking", "Move money to checking from savings")]
    [InlineData("Copy the backup from region A into the archive", "From region A, copy the backup into the archive")]
    [InlineData("Datasets can be accessed from cloud storage providers", "Datasets supports access to cloud storage providers")]
    [InlineData("All the data is converted to Arrow, so you can access any row", "The data is entirely converted to Arrow so you can access any row")]
    [InlineData("It makes it simpler and more consistent to report results", "It makes it easier and more standardised to report results")]
    [InlineData("Should I pick the basic or the premium plan?", "Basic or premium plan: which one should I pick?")]
    [InlineData("How do I add a card to the app?", "How can I add my card in the app?")]
    [InlineData("Is the dependent covered under the plan?", "Is my dependent covered under this plan?")]
    [InlineData("Which cards do you accept?", "What cards do you accept?")]
    [InlineData("Can you move the meeting to Friday?", "Could you please move the meeting to Friday?")]
    public void Paraphrases_pass_every_meaning_guard(string query, string candidate)
    {
        MeaningText a = MeaningText.Of(query), b = MeaningText.Of(candidate);
        foreach (IMeaningGuard guard in MeaningGuards.CreateDefault())
        {
            Assert.False(guard.TryFindDifference(a, b, out string reason), $"{guard.Name}: {reason}");
        }
    }

    [Theory]
    [InlineData("can she work from home 4 days a week?", "can she work from home 2 days a week?")]
    [InlineData("should she increase her emergency fund?", "should she decrease her emergency fund?")]
    [InlineData("should HR speak to her first?", "should HR speak to her manager first?")]
    public void Guards_compare_the_whole_of_a_long_prompt(string queryEnd, string candidateEnd)
    {
        HitVerification verdict = _guard.Verify(LongContext + queryEnd, LongContext + candidateEnd, 1.0f);
        Assert.Equal(GuardVerdict.Rejected, verdict.Verdict);
    }

    [Fact]
    public void Disabled_checks_are_skipped_and_every_check_is_named()
    {
        var options = new LexicalGuardOptions();
        options.DisabledChecks.Add("antonyms");
        options.DisabledChecks.Add("same frame, other slot");
        var guard = new LexicalGuard(options);
        Assert.Contains("antonyms", guard.CheckNames);
        Assert.Contains(LexicalGuard.NumbersCheck, guard.CheckNames);
        Assert.Equal(GuardVerdict.Accepted, guard.Verify("Buy shares of the fund today", "Sell shares of the fund today", 0.99f).Verdict);
        Assert.Equal(GuardVerdict.Rejected, _guard.Verify("Buy shares of the fund today", "Sell shares of the fund today", 0.99f).Verdict);
    }

    [Fact]
    public void The_lexicon_reduces_inflections_to_wordnet_lemmas()
    {
        MeaningLexicon lexicon = MeaningLexicon.Default;
        Assert.True(lexicon.AntonymWords > 1000);
        Assert.True(lexicon.AreAntonyms("bought", "selling"));
        Assert.True(lexicon.AreAntonyms("cheaper", "expensive"));
        Assert.True(lexicon.AreAntonyms("increases", "decreased"));
        Assert.False(lexicon.AreAntonyms("offer", "on")); // offer is not a comparative of off
        Assert.True(lexicon.AreSynonyms("purchase", "buy"));
        Assert.False(lexicon.AreAntonyms("buy", "purchase"));
    }

    [Fact]
    public void A_malformed_lexicon_line_is_an_error_naming_the_line()
    {
        var ex = Assert.Throws<InvalidDataException>(() => MeaningLexicon.Parse(new StringReader("a buy sell\nq what\n")));
        Assert.Contains("line 2", ex.Message);
    }
}
