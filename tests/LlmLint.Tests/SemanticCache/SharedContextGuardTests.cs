using LlmLint.SemanticCache;

namespace LlmLint.Tests.SemanticCache;

/// <summary>The checks of <see cref="LexicalGuard"/> for long shared contexts, acronyms, irregular forms and WordNet synonyms.</summary>
public class SharedContextGuardTests
{
    private const string Context =
        "Context for the support lead: a customer bought a standing desk eight weeks ago, the motor failed twice, a technician " +
        "visited once and replaced the control box, and the customer has now written again asking what we can do for her. ";

    private readonly LexicalGuard _guard = new();

    [Theory]
    [InlineData("Given all of this, should we replace the desk?", "Given all of this, should we refund the desk?")]
    [InlineData("Given all of this, should we stop the repair?", "Given all of this, should we send a technician by courier?")]
    [InlineData("Given all of this, should we send the technician?", "Given all of this, should we send the technician again next week?")]
    [InlineData("Given all of this, can we close the case?", "Given all of this, can't we close the case?")]
    public void Rejects_different_requests_after_a_long_shared_context_at_any_similarity(string queryEnd, string candidateEnd)
    {
        HitVerification result = _guard.Verify(Context + queryEnd, Context + candidateEnd, 1.0f);
        Assert.Equal(GuardVerdict.Rejected, result.Verdict);
        Assert.Equal(GuardVerdict.Rejected, _guard.Verify(Context + candidateEnd, Context + queryEnd, 1.0f).Verdict);
    }

    [Theory]
    [InlineData("Given all of this, should we replace the desk?", "Given all of this, should we replace the desk?")]
    [InlineData("Given all of this, should we replace the desk?", "Given all this, should we replace the desk?")]
    public void Serves_the_same_request_after_a_long_shared_context(string queryEnd, string candidateEnd)
    {
        HitVerification result = _guard.Verify(Context + queryEnd, Context + candidateEnd, 0.99f);
        Assert.Equal(GuardVerdict.Accepted, result.Verdict);
    }

    [Fact]
    public void Short_texts_are_not_read_as_a_shared_context()
    {
        // Below SharedContextChars the check stays out; the other checks decide.
        var guard = new LexicalGuard();
        guard.Verify("Should we replace the desk?", "Should we refund the desk?", 0.9f);
        Assert.Contains(LexicalGuard.SharedContextCheck, guard.CheckNames);
        var off = new LexicalGuardOptions { Guards = [] };
        off.DisabledChecks.Add(LexicalGuard.SharedContextCheck);
        off.DisabledChecks.Add(LexicalGuard.KeyTermsCheck);
        Assert.Equal(
            GuardVerdict.Accepted,
            new LexicalGuard(off).Verify(Context + "Given all of this, should we replace the desk?", Context + "Given all of this, should we refund the desk?", 1.0f).Verdict);
    }

    [Theory]
    [InlineData("How do containers differ from VMs?", "What is the difference between a container and a virtual machine?")]
    [InlineData("How do I increase the disk size of a VM?", "How do I give a virtual machine more disk size?")]
    public void An_acronym_matches_the_initials_of_its_expansion(string query, string candidate)
    {
        HitVerification result = _guard.Verify(query, candidate, 0.9f);
        Assert.DoesNotContain("appears only", result.Reason, System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("vm", new[] { "a", "virtual", "machine" }, true)]
    [InlineData("vms", new[] { "virtual", "machines" }, true)]
    [InlineData("sla", new[] { "service", "level", "agreement" }, true)]
    [InlineData("vm", new[] { "a", "virtual", "server" }, false)]
    [InlineData("aws", new[] { "always" }, false)]
    [InlineData("v2", new[] { "version", "2" }, false)]
    public void Acronyms_are_initials_of_consecutive_words(string term, string[] words, bool expected)
        => Assert.Equal(expected, LexicalGuard.IsAcronymOf(term, [.. words]));

    [Fact]
    public void Irregular_forms_fold_so_negation_is_seen()
    {
        HitVerification result = _guard.Verify("The payment did not go through", "The payment went through", 0.9f);
        Assert.Equal(GuardVerdict.Rejected, result.Verdict);
        Assert.Contains("negated", result.Reason, System.StringComparison.Ordinal);
    }
}

