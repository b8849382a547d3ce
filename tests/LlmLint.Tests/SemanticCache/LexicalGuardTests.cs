using LlmLint.SemanticCache;

namespace LlmLint.Tests.SemanticCache;

public class LexicalGuardTests
{
    private readonly LexicalGuard _guard = new();

    [Theory]
    [InlineData("How do I reset my password?", "How do I reset my router?")]
    [InlineData("Write quicksort in Python", "Write quicksort in Java")]
    [InlineData("What is new in Python 3.11?", "What is new in Python 3.12?")]
    [InlineData("Refund order INV-123", "Refund order INV-124")]
    [InlineData("Send me 5 apples", "Send me five oranges")]
    [InlineData("I need two tickets for Friday", "I need three tickets for Friday")]
    [InlineData("Which foods are vegan?", "Which foods are not vegan?")]
    [InlineData("Can I pay without a card?", "Can I pay with a card?")]
    [InlineData("My transfer was declined", "My transfer wasn't declined")]
    [InlineData("How do I parse JSON in C#?", "How do I parse JSON in F#?")]
    [InlineData("What does the max_tokens option do?", "What does the top_p option do?")]
    [InlineData("Explain the HttpClient class", "Explain the WebClient class")]
    [InlineData("How do I convert a list to a set in Rust?", "How do I convert a list to a set?")]
    [InlineData("My card payment is pending", "My transfer is pending")]
    public void Rejects_questions_that_differ_in_what_matters(string query, string candidate)
    {
        HitVerification result = _guard.Verify(query, candidate, 0.93f);
        Assert.Equal(GuardVerdict.Rejected, result.Verdict);
        Assert.False(string.IsNullOrEmpty(result.Reason));

        // The check is symmetric.
        Assert.Equal(GuardVerdict.Rejected, _guard.Verify(candidate, query, 0.93f).Verdict);
    }

    [Theory]
    [InlineData("How do I reset my password?", "How can I reset my password")]
    [InlineData("What is the capital of France?", "what's the capital of France")]
    [InlineData("Write quicksort in Python", "Please write a quicksort in Python.")]
    [InlineData("How do I cancel my order?", "How can I cancel the order I made?")]
    [InlineData("Where can I find the refund policy?", "where do I locate the refund policy")]
    [InlineData("I want to buy a new card", "I'd like to purchase a new card")]
    [InlineData("My card hasn't arrived yet", "My card still has not arrived")]
    [InlineData("Transformers is a state-of-the-art machine learning library for Pytorch, TensorFlow, and JAX.", "Transformers is a cutting-edge machine learning library for Pytorch, TensorFlow, and JAX.")]
    [InlineData("The data folder includes train.tar.gz, test.tar.gz, and metadata.csv.", "The data folder contains train.tar.gz, test.tar.gz, and metadata.csv as its contents.")]
    [InlineData("What is new in Python 3.11?", "What's new in python 3.11")]
    [InlineData("N-dimensional arrays are typically viewed as nested lists.", "By default, N-dimensional arrays are considered as nested lists.")]
    [InlineData("The conversion of ClassLabel data to arrays is done correctly.", "ClassLabel data is properly converted to arrays.")]
    public void Accepts_paraphrases(string query, string candidate)
    {
        HitVerification result = _guard.Verify(query, candidate, 0.93f);
        Assert.True(result.IsAccepted, result.Reason);
        Assert.True(_guard.Verify(candidate, query, 0.93f).IsAccepted);
    }

    [Fact]
    public void Very_high_similarity_overrides_key_term_differences_but_not_numbers()
    {
        Assert.True(_guard.Verify("How do I reset my password?", "Could you help me reset my passcode please?", 0.99f).IsAccepted);
        Assert.False(_guard.Verify("How do I reset my password?", "How do I reset my passcode?", 0.90f).IsAccepted);
        Assert.False(_guard.Verify("Give me 3 ideas", "Give me 4 ideas", 0.999f).IsAccepted);
    }

    [Fact]
    public void Reasons_name_the_difference()
    {
        Assert.Contains("numbers differ", _guard.Verify("Send 5 euros", "Send 50 euros", 0.9f).Reason, System.StringComparison.Ordinal);
        Assert.Contains("python", _guard.Verify("quicksort in Python", "quicksort in Java", 0.9f).Reason, System.StringComparison.Ordinal);
        Assert.Contains("negated", _guard.Verify("Which foods are vegan?", "Which foods are not vegan?", 0.9f).Reason, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Idf_weights_learned_from_stored_texts_discount_common_terms()
    {
        var guard = new LexicalGuard(new LexicalGuardOptions { MinDocumentsForIdf = 10 });
        for (int i = 0; i < 40; i++)
        {
            guard.Observe($"please help with my account question {i % 3}");
        }

        Assert.Equal(40, guard.ObservedDocuments);

        // 'account' is in every stored text, so it weighs little; the rare substituted terms decide.
        Assert.False(guard.Verify("reset the account password", "reset the account router", 0.9f).IsAccepted);
    }
}
