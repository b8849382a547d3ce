using System;
using System.Threading.Tasks;
using LlmLint.Analyzers.Rules;
using LlmLint.Analyzers.Tests.Infrastructure;

namespace LlmLint.Analyzers.Tests;

public class InfrastructureTests
{
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
        Assert.Contains("CS1001", ex.Message);
    }

    [Fact]
    public async Task Verifier_FailsWhenAnExtraSourceDoesNotCompile()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            CSharpAnalyzerVerifier<UseSmallerModelAnalyzer>.VerifyAsync("public class A { }", s => s.ExtraSources.Add("public class B : Missing { }")));
        Assert.Contains("CS0246", ex.Message);
    }

    [Fact]
    public async Task Verifier_WithoutSdks_TheSdkTypesDoNotResolve()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            CSharpAnalyzerVerifier<UseSmallerModelAnalyzer>.VerifyAsync(Positive, s => s.Sdks = Sdks.None));
        Assert.Contains("CS0246", ex.Message);
    }

    [Fact]
    public async Task Verifier_ReturnsTheReportedDiagnostics()
    {
        string markup = Positive.Replace("c.GetResponseAsync", "c.{|LLM2001:GetResponseAsync|}");
        var diagnostics = await CSharpAnalyzerVerifier<UseSmallerModelAnalyzer>.VerifyAsync(markup);
        Assert.Equal("LLM2001", Assert.Single(diagnostics).Id);
    }

    [Fact]
    public async Task FixVerifier_FailsWhenTheFixedSourceDiffers()
    {
        string markup = Positive.Replace("c.GetResponseAsync", "c.{|LLM2001:GetResponseAsync|}");
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            CSharpCodeFixVerifier<UseSmallerModelAnalyzer, LlmLint.CodeFixes.UseSmallerModelFixer>.VerifyFixAsync(markup, Positive));
    }

    [Fact]
    public async Task FixVerifier_FailsWhenTheFixedSourceDoesNotCompile()
    {
        string markup = Positive.Replace("c.GetResponseAsync", "c.{|LLM2001:GetResponseAsync|}");
        string fixedButBroken = Positive.Replace("\"gpt-4o\"", "\"gpt-4o-mini\"").Replace("public enum P", "public enum P : Missing");
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            CSharpCodeFixVerifier<UseSmallerModelAnalyzer, LlmLint.CodeFixes.UseSmallerModelFixer>.VerifyFixAsync(markup, fixedButBroken));
        Assert.NotEmpty(ex.Message);
    }

    [Fact]
    public async Task NoFixVerifier_FailsWhenAFixIsOffered()
    {
        string markup = Positive.Replace("c.GetResponseAsync", "c.{|LLM2001:GetResponseAsync|}");
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            CSharpCodeFixVerifier<UseSmallerModelAnalyzer, LlmLint.CodeFixes.UseSmallerModelFixer>.VerifyNoFixAsync(markup));
    }

    [Fact]
    public async Task Options_ReachTheAnalyzerThroughEditorConfig()
    {
        string markup = Positive.Replace("c.GetResponseAsync", "c.{|LLM2001:GetResponseAsync|}");
        var diagnostics = await CSharpAnalyzerVerifier<UseSmallerModelAnalyzer>.VerifyAsync(markup);
        Assert.Single(diagnostics);
        await CSharpAnalyzerVerifier<UseSmallerModelAnalyzer>.VerifyAsync(Positive, s => s.Options["dotnet_diagnostic.LLM2001.severity"] = "none");
    }
}
