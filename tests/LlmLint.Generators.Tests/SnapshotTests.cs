using System.Collections.Generic;
using System.Linq;
using LlmLint.Generators.Tests.Infrastructure;

namespace LlmLint.Generators.Tests;

public sealed class SnapshotTests
{
    [Fact]
    public void TicketTriage_generates_one_file_per_function()
    {
        IReadOnlyList<(string HintName, string Text)> generated = GeneratorRunner.Generated(Sources.TicketTriage);

        Assert.Equal(
            new[] { "Support.TicketTriage.ClassifyAsync.LlmFunction.g.cs", "Support.TicketTriage.ExtractInvoiceAsync.LlmFunction.g.cs" },
            generated.Select(g => g.HintName));
        Snapshot.Verify("TicketTriage.ClassifyAsync", generated[0].Text);
        Snapshot.Verify("TicketTriage.ExtractInvoiceAsync", generated[1].Text);
    }

    [Fact]
    public void Scalars_streams_lists_and_formats()
    {
        IReadOnlyList<(string HintName, string Text)> generated = GeneratorRunner.Generated(Sources.Scalars);

        Assert.Equal(6, generated.Count);
        foreach ((string hintName, string text) in generated)
        {
            Snapshot.Verify(hintName.Replace(".LlmFunction.g.cs", string.Empty, System.StringComparison.Ordinal), text);
        }
    }

    [Fact]
    public void Edge_cases_nested_generic_static_overloads_and_keywords()
    {
        IReadOnlyList<(string HintName, string Text)> generated = GeneratorRunner.Generated(Sources.EdgeCases);

        Assert.Equal(5, generated.Count);
        Assert.Equal(generated.Count, generated.Select(g => g.HintName).Distinct().Count());
        foreach ((string hintName, string text) in generated)
        {
            Snapshot.Verify(hintName.Replace(".LlmFunction.g.cs", string.Empty, System.StringComparison.Ordinal), text);
        }
    }

    [Fact]
    public void Distilled_functions_pass_their_policy_input_and_arguments_to_the_runtime()
    {
        IReadOnlyList<(string HintName, string Text)> generated = GeneratorRunner.Generated(Sources.Distilled);

        Assert.Equal(
            new[] { "Support.Distilled.MentionsAsync.LlmFunction.g.cs", "Support.Distilled.UrgencyAsync.LlmFunction.g.cs" },
            generated.Select(g => g.HintName));
        Snapshot.Verify("Distilled.MentionsAsync", generated[0].Text);
        Snapshot.Verify("Distilled.UrgencyAsync", generated[1].Text);
    }

    [Fact]
    public void Snapshot_diff_names_the_first_differing_line()
    {
        string diff = Snapshot.Diff("a\nb\nc\nd", "a\nb\nX\nd");

        Assert.Contains("first difference at line 3", diff, System.StringComparison.Ordinal);
        Assert.Contains("- 3: c", diff, System.StringComparison.Ordinal);
        Assert.Contains("+ 3: X", diff, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Snapshot_scrubs_the_generator_version()
    {
        Assert.Equal(
            "[GeneratedCode(\"LlmLint\", \"VERSION\")]",
            Snapshot.Scrub("[GeneratedCode(\"LlmLint\", \"1.2.3.0\")]"));
    }
}
