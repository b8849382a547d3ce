using System.Text;
using LlmLint.Generated;

namespace LlmLint.Generators.Tests;

public sealed class SupportTests
{
    [Theory]
    [InlineData("  a   b\t\nc ", "a b c")]
    [InlineData("abc", "abc")]
    [InlineData("", "")]
    public void Key_text_is_trimmed_and_whitespace_collapsed(string input, string expected) =>
        Assert.Equal(expected, LlmFunctionSupport.NormalizeKeyText(input));

    [Fact]
    public void Key_parts_are_length_prefixed_so_values_cannot_run_together()
    {
        var a = new StringBuilder();
        LlmFunctionSupport.AppendKey(a, "x", "1;y=1:2");
        var b = new StringBuilder();
        LlmFunctionSupport.AppendKey(b, "x", "1");
        LlmFunctionSupport.AppendKey(b, "y", "2");
        var c = new StringBuilder();
        LlmFunctionSupport.AppendKey(c, "x", null);

        Assert.NotEqual(a.ToString(), b.ToString());
        Assert.Equal("x=1:1;y=1:2;", b.ToString());
        Assert.Equal("x=~;", c.ToString());
    }

    [Theory]
    [InlineData("Billing", "Billing", true)]
    [InlineData("  \"billing.\" ", "Billing", true)]
    [InlineData("**Technical Issue**", "TechnicalIssue", true)]
    [InlineData("technical_issue", "TechnicalIssue", true)]
    [InlineData("{\"category\": \"Billing\"}", "Billing", true)]
    [InlineData("```\nBilling\n```", "Billing", true)]
    [InlineData("Billing or Account", "Billing", false)]
    [InlineData("Bill", "Billing", false)]
    public void Choices_are_matched_tolerantly(string answer, string choice, bool expected) =>
        Assert.Equal(expected, LlmFunctionSupport.ChoiceEquals(LlmFunctionSupport.NormalizeChoice(answer), choice));

    [Theory]
    [InlineData("Yes.", true, true)]
    [InlineData("false", true, false)]
    [InlineData("maybe", false, false)]
    public void Booleans_parse_yes_and_no(string answer, bool parses, bool expected)
    {
        Assert.Equal(parses, LlmFunctionSupport.TryParseBoolean(answer, out bool value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void Json_is_found_inside_fences_and_prose()
    {
        Assert.True(LlmFunctionSupport.TryParseJson("Here you go:\n```json\n{\"a\": 1,}\n```", out var document, out string? error));
        using (document)
        {
            Assert.Null(error);
            Assert.Equal(1, document!.RootElement.GetProperty("a").GetInt32());
        }

        Assert.False(LlmFunctionSupport.TryParseJson("no json here", out _, out error));
        Assert.Contains("no JSON", error, System.StringComparison.Ordinal);
    }
}
