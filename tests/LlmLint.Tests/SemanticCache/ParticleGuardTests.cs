using LlmLint.SemanticCache;

namespace LlmLint.Tests.SemanticCache;

/// <summary>The <see cref="ParticleGuard"/>: opposite particles in an otherwise identical request.</summary>
public class ParticleGuardTests
{
    private readonly ParticleGuard _guard = new();

    [Theory]
    [InlineData("Log the user out after the password change", "Log the user in after the password change")]
    [InlineData("Scale the web tier up before the sale", "Scale the web tier down before the sale")]
    [InlineData("Open the inbound port", "Open the outbound port")]
    [InlineData("Move the money to my savings", "Move the money from my savings")]
    [InlineData("Put the box at the back of the shelf", "Put the box at the front of the shelf")]
    public void Rejects_opposite_particles_in_the_same_request(string query, string candidate)
    {
        Assert.True(_guard.TryFindDifference(MeaningText.Of(query), MeaningText.Of(candidate), out string reason));
        Assert.Contains("opposite", reason, System.StringComparison.Ordinal);
        Assert.True(_guard.TryFindDifference(MeaningText.Of(candidate), MeaningText.Of(query), out _));
    }

    [Theory]
    [InlineData("Log the user out after the password change", "Log the user out after the password change")]
    [InlineData("How do I log in to the portal?", "How can I log in to the portal?")]
    [InlineData("Sign in to the app on my phone", "Sign out of the app on my laptop")]
    [InlineData("Turn the heating up", "Turn the heating right up now")]
    public void Leaves_other_differences_to_the_other_guards(string query, string candidate)
        => Assert.False(_guard.TryFindDifference(MeaningText.Of(query), MeaningText.Of(candidate), out _));
}
