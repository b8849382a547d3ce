using System;
using System.IO;
using System.Linq;
using LlmLint.Generators.Diagnostics;
using Microsoft.CodeAnalysis;

namespace LlmLint.Generators.Tests;

public sealed class CatalogTests
{
    public static TheoryData<string> Ids
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (DiagnosticDescriptor descriptor in Descriptors.All)
            {
                data.Add(descriptor.Id);
            }

            return data;
        }
    }

    [Fact]
    public void Ids_are_unique_and_in_the_9xxx_range()
    {
        string[] ids = Descriptors.All.Select(d => d.Id).ToArray();

        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.Matches("^LLM9[0-9]{3}$", id));
        Assert.Equal(new LlmFunctionAnalyzer().SupportedDiagnostics.Select(d => d.Id), ids);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Each_rule_has_help_link_page_and_release_entry(string id)
    {
        DiagnosticDescriptor descriptor = Descriptors.All.Single(d => d.Id == id);
        string root = TestRepo.Root;

        Assert.Equal($"https://github.com/llmlint/llmlint/blob/main/docs/rules/{id}.md", descriptor.HelpLinkUri);
        Assert.Equal("Usage", descriptor.Category);
        Assert.False(descriptor.Title.ToString().EndsWith('.'));
        Assert.False(descriptor.MessageFormat.ToString().EndsWith('.'));
        Assert.EndsWith(".", descriptor.Description.ToString(), StringComparison.Ordinal);

        string page = Path.Combine(root, "docs", "rules", id + ".md");
        Assert.True(File.Exists(page), $"Missing {page}.");
        string text = File.ReadAllText(page);
        Assert.StartsWith($"# {id}: {descriptor.Title}\n", text.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
        foreach (string section in new[] { "## Cause", "## Rule description", "## How to fix", "## When to suppress", "## Configuration", "## Related rules" })
        {
            Assert.Contains(section, text, StringComparison.Ordinal);
        }

        string releases = File.ReadAllText(Path.Combine(root, "src", "LlmLint.Generators", "AnalyzerReleases.Unshipped.md"));
        Assert.Contains($"{id} | Usage | {descriptor.DefaultSeverity} |", releases, StringComparison.Ordinal);
        Assert.Contains($"[{id}](rules/{id}.md)", File.ReadAllText(Path.Combine(root, "docs", "generator.md")), StringComparison.Ordinal);
    }
}
