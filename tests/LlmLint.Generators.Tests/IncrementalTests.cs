using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using LlmLint.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LlmLint.Generators.Tests;

public sealed class IncrementalTests
{
    private static readonly string[] TrackedSteps = { "Parse", "Functions" };

    [Fact]
    public void Every_step_has_a_tracking_name_and_runs()
    {
        GeneratorRunResult result = GeneratorRunner.Run(GeneratorRunner.Compile(Sources.TicketTriage)).Result;

        foreach (string step in TrackedSteps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(step), $"No step named '{step}'.");
            Assert.All(result.TrackedSteps[step].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.New, o.Reason));
        }
    }

    [Fact]
    public void A_second_run_on_the_same_input_is_entirely_cached()
    {
        CSharpCompilation compilation = GeneratorRunner.Compile(Sources.TicketTriage, Sources.Scalars);
        GeneratorDriver driver = GeneratorRunner.CreateDriver().RunGenerators(compilation);

        driver = driver.RunGenerators(compilation.Clone());
        GeneratorRunResult result = driver.GetRunResult().Results.Single();

        AssertAllCached(result);
    }

    [Fact]
    public void An_unrelated_edit_regenerates_nothing()
    {
        CSharpCompilation compilation = GeneratorRunner.Compile(Sources.TicketTriage, Sources.Scalars);
        GeneratorDriver driver = GeneratorRunner.CreateDriver().RunGenerators(compilation);

        // Edit the file that holds the [Prompt] methods (a new unrelated member) and add an unrelated file.
        SyntaxTree old = compilation.SyntaxTrees.First();
        SyntaxTree edited = old.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(
            old.GetText().ToString() + "\nnamespace Support { public static class Unrelated { public static int Answer() => 42; } }\n"));
        CSharpCompilation next = compilation.ReplaceSyntaxTree(old, edited)
            .AddSyntaxTrees(CSharpSyntaxTree.ParseText("public class AlsoUnrelated { }", GeneratorRunner.ParseOptions));

        driver = driver.RunGenerators(next);
        GeneratorRunResult result = driver.GetRunResult().Results.Single();

        AssertAllCached(result);
        Assert.Equal(8, result.GeneratedSources.Length);
    }

    [Fact]
    public void A_template_edit_regenerates_only_that_function()
    {
        CSharpCompilation compilation = GeneratorRunner.Compile(Sources.TicketTriage, Sources.Scalars);
        GeneratorDriver driver = GeneratorRunner.CreateDriver().RunGenerators(compilation);
        SyntaxTree old = compilation.SyntaxTrees.First();
        SyntaxTree edited = old.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(
            old.GetText().ToString().Replace("into one category", "into exactly one category", StringComparison.Ordinal)));

        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(old, edited));
        GeneratorRunResult result = driver.GetRunResult().Results.Single();

        var reasons = result.TrackedSteps["Functions"].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(1, reasons.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.All(reasons, r => Assert.True(r is IncrementalStepRunReason.Modified or IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
    }

    [Fact]
    public void Models_hold_no_symbols_syntax_or_compilations()
    {
        GeneratorRunResult result = GeneratorRunner.Run(GeneratorRunner.Compile(Sources.TicketTriage, Sources.Scalars)).Result;

        int visited = 0;
        foreach (string step in TrackedSteps)
        {
            foreach (IncrementalGeneratorRunStep run in result.TrackedSteps[step])
            {
                foreach ((object value, IncrementalStepRunReason _) in run.Outputs)
                {
                    visited += Walk(value, new HashSet<object>(ReferenceEqualityComparer.Instance), step);
                }
            }
        }

        Assert.True(visited > 50, $"The walk visited only {visited} objects.");
    }

    private static void AssertAllCached(GeneratorRunResult result)
    {
        foreach (string step in TrackedSteps)
        {
            Assert.All(
                result.TrackedSteps[step].SelectMany(s => s.Outputs),
                o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {o.Reason}"));
        }

        Assert.All(
            result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"output: {o.Reason}"));
    }

    private static int Walk(object? value, HashSet<object> seen, string path)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return 0;
        }

        Assert.False(
            value is ISymbol or SyntaxNode or SyntaxTree or Location or SemanticModel or Compilation or SyntaxToken,
            $"{path} holds a {value.GetType().Name}.");

        int count = 1;
        if (value is IEnumerable sequence)
        {
            foreach (object? item in sequence)
            {
                count += Walk(item, seen, path + "[]");
            }
        }

        for (Type? type = value.GetType(); type is not null && type != typeof(object); type = type.BaseType)
        {
            foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                Type fieldType = field.FieldType;
                Assert.False(
                    typeof(ISymbol).IsAssignableFrom(fieldType) || typeof(SyntaxNode).IsAssignableFrom(fieldType) || typeof(Compilation).IsAssignableFrom(fieldType)
                    || typeof(SemanticModel).IsAssignableFrom(fieldType) || fieldType == typeof(Location),
                    $"{path}.{field.Name} is declared as {fieldType.Name}.");
                count += Walk(field.GetValue(value), seen, path + "." + field.Name);
            }
        }

        return count;
    }
}
