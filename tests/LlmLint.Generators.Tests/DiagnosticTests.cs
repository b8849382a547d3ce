using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using LlmLint.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LlmLint.Generators.Tests;

public sealed class DiagnosticTests
{
    private const string Usings = """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using LlmLint;

        public enum Category { A, B }

        """;

    [Fact]
    public void Valid_functions_report_nothing_and_are_generated()
    {
        IReadOnlyList<Diagnostic> diagnostics = GeneratorRunner.Analyze(Sources.TicketTriage);

        Assert.Empty(diagnostics);
    }

    [Fact]
    public void Analyzer_is_silent_without_the_runtime_library()
    {
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
            "NoLlmLint",
            new[] { Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("class PromptAttribute : System.Attribute {} partial class C { [Prompt] partial void M(); }") },
            new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location) });
        var analyzers = System.Collections.Immutable.ImmutableArray.Create<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer>(new LlmFunctionAnalyzer());

        var diagnostics = compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();

        Assert.Empty(diagnostics);
    }

    [Fact]
    public void LLM9001_method_not_partial()
    {
        AssertSingle("LLM9001", """
            public partial class C(ILlmRuntime llm)
            {
                [Prompt("Hi {x}")]
                public Task<string> M(string x) => Task.FromResult(x);
            }
            """);
    }

    [Fact]
    public void LLM9001_type_not_partial()
    {
        AssertReported("LLM9001", """
            public class C(ILlmRuntime llm)
            {
                [Prompt("Hi {x}")]
                public partial Task<string> M(string x);
            }
            """, "'C' must be partial");
    }

    [Fact]
    public void LLM9002_placeholder_without_parameter()
    {
        AssertSingle("LLM9002", """
            public partial class C(ILlmRuntime llm)
            {
                [Prompt("Hi {x} and {y}")]
                public partial Task<string> M(string x);
            }
            """, "'{y}'");
    }

    [Fact]
    public void LLM9002_escaped_braces_are_literal()
    {
        AssertClean("""
            public partial class C(ILlmRuntime llm)
            {
                [Prompt("Return {{\"a\": 1}} for {x}")]
                public partial Task<string> M(string x);
            }
            """);
    }

    [Fact]
    public void LLM9003_unused_parameter_is_a_warning_and_still_generated()
    {
        const string source = """
            public partial class C(ILlmRuntime llm)
            {
                [Prompt("Hi {x}")]
                public partial Task<string> M(string x, int unused, [NotInPrompt] string traceId, CancellationToken cancellationToken);
            }
            """;
        Diagnostic diagnostic = AssertSingle("LLM9003", source, "'unused'");

        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Single(GeneratorRunner.Generated(Usings + source));
    }

    [Theory]
    [InlineData("Task<object>", "object")]
    [InlineData("Task<Dictionary<string, int>>", "Dictionary")]
    [InlineData("string", "is not Task<T>")]
    [InlineData("IAsyncEnumerable<int>", "IAsyncEnumerable<string>")]
    [InlineData("Task<List<List<int>>>", "lists of lists")]
    public void LLM9004_unsupported_return_type(string returnType, string expected)
    {
        AssertSingle("LLM9004", $$"""
            public partial class C(ILlmRuntime llm)
            {
                [Prompt("Hi {x}")]
                public partial {{returnType}} M(string x);
            }
            """, expected);
    }

    [Fact]
    public void LLM9004_ref_parameter()
    {
        AssertSingle("LLM9004", """
            public partial class C(ILlmRuntime llm)
            {
                [Prompt("Hi {x}")]
                public partial Task<string> M(ref int x);
            }
            """, "by reference");
    }

    [Fact]
    public void LLM9005_no_runtime_member()
    {
        AssertSingle("LLM9005", """
            public partial class C
            {
                [Prompt("Hi {x}")]
                public partial Task<string> M(string x);
            }
            """, "'C' has no field");
    }

    [Fact]
    public void LLM9005_runtime_as_property_is_found()
    {
        AssertClean("""
            public partial class C
            {
                public required ILlmRuntime Runtime { get; init; }

                [Prompt("Hi {x}")]
                public partial Task<string> M(string x);
            }
            """);
    }

    [Fact]
    public void LLM9006_cached_parameter_cannot_be_keyed()
    {
        AssertSingle("LLM9006", """
            public partial class C(ILlmRuntime llm)
            {
                [Prompt("Hi {x} {items}")]
                [Cache]
                public partial Task<string> M(string x, List<string> items);
            }
            """, "'items'");
    }

    [Fact]
    public void LLM9006_uncached_sequence_parameter_is_fine()
    {
        AssertClean("""
            public partial class C(ILlmRuntime llm)
            {
                [Prompt("Hi {x} {items}")]
                public partial Task<string> M(string x, List<string> items);
            }
            """);
    }

    [Theory]
    [InlineData("string a, string b", "{a} {b}", "it has 2")]
    [InlineData("int a", "{a}", "it has 0")]
    public void LLM9007_semantic_cache_needs_one_free_text_parameter(string parameters, string placeholders, string expected)
    {
        AssertSingle("LLM9007", $$"""
            public partial class C(ILlmRuntime llm)
            {
                [Prompt("Hi {{placeholders}}")]
                [Cache(Semantic = true)]
                public partial Task<Category> M({{parameters}});
            }
            """, expected);
    }

    [Theory]
    [InlineData("[Route(Tier.Small)][Cascade(Tier.Small, Tier.Large)]", "Task<string>", "both choose the tier")]
    [InlineData("[Cascade(Tier.Small)]", "Task<string>", "at least two tiers")]
    [InlineData("[Cascade(Tier.Large, Tier.Small)]", "Task<string>", "ascending")]
    [InlineData("[Cache]", "IAsyncEnumerable<string>", "cannot be cached")]
    [InlineData("[Cascade(Tier.Small, Tier.Large)]", "IAsyncEnumerable<string>", "cannot escalate")]
    [InlineData("[Distill]", "IAsyncEnumerable<string>", "cannot be distilled")]
    [InlineData("[Batch]", "IAsyncEnumerable<string>", "cannot stream")]
    public void LLM9008_conflicting_attributes(string attributes, string returnType, string expected)
    {
        AssertSingle("LLM9008", $$"""
            public partial class C(ILlmRuntime llm)
            {
                [Prompt("Hi {x}")]
                {{attributes}}
                public partial {{returnType}} M(string x);
            }
            """, expected);
    }

    [Theory]
    [InlineData("[Prompt(\" \")]", "", "empty")]
    [InlineData("[Prompt(\"Hi {x}\", MaxOutputTokens = -1)]", "", "negative")]
    [InlineData("[Prompt(\"Hi {x}\")]", "[Cache(Ttl = \"soon\")]", "'soon'")]
    [InlineData("[Prompt(\"Hi {x}\")]", "[Cache(Threshold = 1.5)]", "between 0 and 1")]
    [InlineData("[Prompt(\"Hi {x}\")]", "[Distill(Target = 1.0)]", "distill Target")]
    [InlineData("[Prompt(\"Hi {x}\")]", "[Distill(ShadowRate = -0.5)]", "distill ShadowRate")]
    public void LLM9009_invalid_attribute_values(string prompt, string cache, string expected)
    {
        AssertReported("LLM9009", $$"""
            public partial class C(ILlmRuntime llm)
            {
                {{prompt}}
                {{cache}}
                public partial Task<string> M([NotInPrompt] string x);
            }
            """, expected);
    }

    private static Diagnostic AssertSingle(string id, [StringSyntax("C#-test")] string source, string? messagePart = null)
    {
        IReadOnlyList<Diagnostic> diagnostics = GeneratorRunner.Analyze(Usings + source);
        Diagnostic diagnostic = Assert.Single(diagnostics);
        Assert.Equal(id, diagnostic.Id);
        AssertNoCompilerErrorBesideTheReason(id, source);
        if (messagePart is not null)
        {
            Assert.Contains(messagePart, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        Assert.NotEqual(Location.None, diagnostic.Location);
        return diagnostic;
    }

    private static void AssertReported(string id, [StringSyntax("C#-test")] string source, string messagePart)
    {
        IReadOnlyList<Diagnostic> diagnostics = GeneratorRunner.Analyze(Usings + source);
        Assert.Contains(diagnostics, d => d.Id == id && d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains(messagePart, StringComparison.Ordinal));
        Assert.All(diagnostics, d => Assert.StartsWith("LLM9", d.Id, StringComparison.Ordinal));
        AssertNoCompilerErrorBesideTheReason(id, source);
    }

    /// <summary>
    /// A partial method the generator cannot implement still gets a body (throwing the reason), so the LLM9xxx
    /// diagnostic is the only error a build shows: no CS8795. A non-partial type (LLM9001) is the exception: no body can
    /// be added to it, and the compiler reports that on its own.
    /// </summary>
    private static void AssertNoCompilerErrorBesideTheReason(string id, string source)
    {
        if (id == "LLM9001")
        {
            return;
        }

        Assert.Empty(GeneratorRunner.CompilerErrors(Usings + source));
    }

    private static void AssertClean([StringSyntax("C#-test")] string source)
    {
        IReadOnlyList<Diagnostic> diagnostics = GeneratorRunner.Analyze(Usings + source);
        Assert.Empty(diagnostics);
        Assert.Single(GeneratorRunner.Generated(Usings + source));
    }
}
