using System;
using System.Linq;
using System.Text.RegularExpressions;
using LlmLint.Generators.Tests.Infrastructure;

namespace LlmLint.Generators.Tests;

public sealed class TemplateHashTests
{
    [Fact]
    public void The_template_hash_is_stable_and_changes_with_the_template_system_prompt_or_result()
    {
        string baseline = Hash(Sources.TicketTriage);

        Assert.Equal(baseline, Hash(Sources.TicketTriage));
        Assert.NotEqual(baseline, Hash(Sources.TicketTriage.Replace("into one category", "into a category", StringComparison.Ordinal)));
        Assert.NotEqual(baseline, Hash(Sources.TicketTriage.Replace(
            "[Prompt(\"Classify this support ticket into one category.\\nTicket: {ticket}\")]",
            "[Prompt(\"Classify this support ticket into one category.\\nTicket: {ticket}\", System = \"Be terse.\")]",
            StringComparison.Ordinal)));
        Assert.NotEqual(baseline, Hash(Sources.TicketTriage.Replace("Account, Other", "Account, Sales, Other", StringComparison.Ordinal)));
        Assert.Matches("^[0-9a-f]{16}$", baseline);
    }

    [Fact]
    public void Generation_is_deterministic()
    {
        var first = GeneratorRunner.Generated(Sources.Scalars);
        var second = GeneratorRunner.Generated(Sources.Scalars);

        Assert.Equal(first, second);
        Assert.All(first, g => Assert.DoesNotContain("\r", g.Text, StringComparison.Ordinal));
    }

    private static string Hash(string source)
    {
        string classify = GeneratorRunner.Generated(source).Single(g => g.HintName.Contains("ClassifyAsync", StringComparison.Ordinal)).Text;
        return Regex.Match(classify, "TemplateHash = \"([0-9a-f]+)\";").Groups[1].Value;
    }
}
