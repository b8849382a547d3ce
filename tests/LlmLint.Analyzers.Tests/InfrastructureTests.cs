using System;
using System.Threading.Tasks;
using LlmLint.Analyzers.Rules;
using LlmLint.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Text;

namespace LlmLint.Analyzers.Tests;

public class InfrastructureTests
{
    [Fact]
    public void Markup_ParsesSpansAndStripsMarkers()
    {
        (string source, var expected) = Markup.Parse("a {|X1:bc|} d {|Y2:e|}");
        Assert.Equal("a bc d e", source);
        Assert.Equal(new[] { new ExpectedSpan("X1", new TextSpan(2, 2)), new ExpectedSpan("Y2", new TextSpan(7, 1)) }, expected);
    }

    [Theory]
    [InlineData("a {|X1:b")]
    [InlineData("a {|X1 b|}")]
    [InlineData("a {|X1:{|Y:b|}|}")]
    public void Markup_RejectsMalformed(string markup) => Assert.Throws<FormatException>(() => Markup.Parse(markup));

    private const string Positive = """
        using System;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        public enum P { A, B }
        public class C
        {
            public async Task<P> M(IChatClient c, string t) => Enum.Parse<P>((await c.GetResponseAsync(t, new ChatOptions { ModelId = "gpt-4o" })).Text);
        }
        """;

    [Fact]
    public async Task Verifier_FailsWhenAnExpectedDiagnosticIsMissing()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            CSharpAnalyzerVerifier<UseSmallerModelAnalyzer>.VerifyAsync(Positive.Replace("(t, new", "({|LLM2001:t|}, new").Replace("\"gpt-4o\"", "\"gpt-4o-mini\"")));
    }

    [Fact]
    public async Task Verifier_FailsOnAnUnexpectedDiagnostic()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => CSharpAnalyzerVerifier<UseSmallerModelAnalyzer>.VerifyAsync(Positive));
        Assert.Contains("LLM2001", ex.Message);
    }

    [Fact]
    public async Task Verifier_FailsWhenTheSourceDoesNotCompile()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => CSharpAnalyzerVerifier<UseSmallerModelAnalyzer>.VerifyAsync("public class { }"));
        Assert.Contains("does not compile", ex.Message);
    }

    [Fact]
    public async Task FixVerifier_FailsWhenTheFixedSourceDiffers()
    {
        string markup = Positive.Replace("c.GetResponseAsync", "c.{|LLM2001:GetResponseAsync|}");
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            CSharpCodeFixVerifier<UseSmallerModelAnalyzer, LlmLint.CodeFixes.UseSmallerModelFixer>.VerifyFixAsync(markup, Positive));
    }
}
