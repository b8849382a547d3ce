using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace LlmLint.Analyzers.Tests;

/// <summary>Guards of the diagnostic catalog: help links, docs pages, release entries, unique IDs.</summary>
public class RuleCatalogTests
{
    public static IEnumerable<object[]> Rules() => AllAnalyzers.Create()
        .SelectMany(a => a.SupportedDiagnostics)
        .GroupBy(d => d.Id)
        .Select(g => new object[] { g.Key });

    private static IEnumerable<DiagnosticDescriptor> Descriptors(string id) =>
        AllAnalyzers.Create().SelectMany(a => a.SupportedDiagnostics).Where(d => d.Id == id);

    [Theory]
    [MemberData(nameof(Rules))]
    public void HelpLink_PointsAtDocsPage_ThatExists(string id)
    {
        foreach (DiagnosticDescriptor d in Descriptors(id))
        {
            Assert.Equal($"https://github.com/llmlint/llmlint/blob/main/docs/rules/{id}.md", d.HelpLinkUri);
        }

        string page = Path.Combine(TestRepo.Root, "docs", "rules", id + ".md");
        Assert.True(File.Exists(page), page);
        string text = File.ReadAllText(page);
        Assert.StartsWith("# " + id + ": " + Descriptors(id).First().Title, text);
        foreach (string section in new[] { "## Cause", "## Rule description", "## How to fix", "## When to suppress", "## Configuration", "## Related rules" })
        {
            Assert.Contains(section, text);
        }

        Assert.Contains(id, File.ReadAllText(Path.Combine(TestRepo.Root, "docs", "rules", "README.md")));
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void Rule_HasReleaseEntry_AndCategoryMatchesRange(string id)
    {
        string unshipped = File.ReadAllText(Path.Combine(TestRepo.Root, "src", "LlmLint.Analyzers", "AnalyzerReleases.Unshipped.md"));
        DiagnosticDescriptor d = Descriptors(id).First();
        Assert.Contains($"{id} | {d.Category} | {d.DefaultSeverity} |", unshipped);
        string expectedCategory = id[3] switch { '0' => "Reliability", '1' => "Usage", '2' => "Performance", '3' => "Security", _ => "Usage" };
        Assert.Equal(expectedCategory, d.Category);
        Assert.DoesNotContain(".", d.Title.ToString());
        Assert.False(d.MessageFormat.ToString().EndsWith("."));
    }

    [Fact]
    public void Ids_AreUniquePerTitle_AndMatchConstants()
    {
        var all = AllAnalyzers.Create().SelectMany(a => a.SupportedDiagnostics).ToList();
        foreach (IGrouping<string, DiagnosticDescriptor> g in all.GroupBy(d => d.Id))
        {
            Assert.Single(g.Select(d => d.Title.ToString()).Distinct());
        }

        Assert.Equal(
            new[] { "LLM0001", "LLM2000", "LLM2001", "LLM2002", "LLM2003", "LLM2004", "LLM2005", "LLM2006", "LLM2007", "LLM2008" }.OrderBy(x => x),
            all.Select(d => d.Id).Distinct().OrderBy(x => x));
    }
}
