using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using LlmLint.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;

namespace LlmLint.Generators.Tests;

/// <summary>
/// A <c>[Prompt]</c> method with an LLM9xxx error gets a generated body that throws the reason, so a build shows the
/// LLM9xxx diagnostic alone instead of the compiler's CS8795 ("partial method must have an implementation part").
/// </summary>
public sealed class FallbackBodyTests
{
    private const string Usings = """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using LlmLint;

        """;

    private const string MisspelledPlaceholder = Usings + """
        namespace Support
        {
            public partial class Triage(ILlmRuntime llm)
            {
                [Prompt("Is this a refund request? {emial}")]
                public partial Task<bool> IsRefundAsync(string email);

                [Prompt("Summarise {text}")]
                public partial Task<string> SummariseAsync(string text);
            }
        }
        """;

    [Fact]
    public void A_misspelled_placeholder_shows_LLM9002_and_no_compiler_error()
    {
        IReadOnlyList<Diagnostic> reported = GeneratorRunner.Analyze(MisspelledPlaceholder);
        Assert.Equal("LLM9002", Assert.Single(reported, d => d.Severity == DiagnosticSeverity.Error).Id);
        Assert.Equal("LLM9003", Assert.Single(reported, d => d.Severity != DiagnosticSeverity.Error).Id); // 'email' is unused
        Assert.Empty(GeneratorRunner.CompilerErrors(MisspelledPlaceholder));
    }

    [Fact]
    public void The_fallback_body_names_the_reason_and_the_valid_method_is_still_generated()
    {
        IReadOnlyList<(string HintName, string Text)> generated = GeneratorRunner.Generated(MisspelledPlaceholder);

        Assert.Equal(2, generated.Count);
        string fallback = Assert.Single(generated, g => g.Text.Contains("IsRefundAsync", StringComparison.Ordinal)).Text;
        Assert.Contains("throw new global::System.NotSupportedException(\"LLM9002: ", fallback, StringComparison.Ordinal);
        Assert.Contains("'{emial}'", fallback, StringComparison.Ordinal);
        Assert.Contains("[global::System.CodeDom.Compiler.GeneratedCode(\"LlmLint\"", fallback, StringComparison.Ordinal);
        Assert.Contains(generated, g => g.Text.Contains("SummariseAsync", StringComparison.Ordinal) && !g.Text.Contains("NotSupportedException", StringComparison.Ordinal));
    }

    [Fact]
    public void Calling_the_fallback_throws_NotSupportedException_with_the_reason()
    {
        Assembly assembly = EmitAndLoad(MisspelledPlaceholder);
        Type triage = assembly.GetType("Support.Triage", throwOnError: true)!;
        object instance = Activator.CreateInstance(triage, new object?[] { null })!;
        MethodInfo method = triage.GetMethod("IsRefundAsync")!;

        var exception = Assert.Throws<TargetInvocationException>(() => method.Invoke(instance, new object[] { "a@b.c" }));

        NotSupportedException reason = Assert.IsType<NotSupportedException>(exception.InnerException);
        Assert.StartsWith("LLM9002: ", reason.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("LLM9004", """
        public static partial class Outer
        {
            public partial class Inner<TKey>(ILlmRuntime llm) where TKey : notnull
            {
                [Prompt("Hi {x}")]
                public partial Task<T?> M<T>(string x) where T : class, new();
            }
        }
        """)]
    [InlineData("LLM9004", """
        public static partial class Extensions
        {
            private static readonly ILlmRuntime Runtime = null!;

            [Prompt("Hi {x}")]
            public static partial Task<string> M(this string x, out int count);
        }
        """)]
    [InlineData("LLM9004", """
        public partial struct Holder(ILlmRuntime llm)
        {
            [Prompt("Hi {x}")]
            internal partial ValueTask<string?> M(in int x, params string[] rest);
        }
        """)]
    [InlineData("LLM9002", """
        public partial record Base(ILlmRuntime Llm)
        {
            [Prompt("Hi {x} {z}")]
            protected partial Task<Dictionary<string, int>?> M(string @x, string y);
        }
        """)]
    public void Signatures_of_every_shape_match_their_declaration(string id, string declaration)
    {
        string source = Usings + declaration;

        Assert.Contains(GeneratorRunner.Analyze(source), d => d.Id == id);
        Assert.Empty(GeneratorRunner.CompilerErrors(source));
    }

    private static Assembly EmitAndLoad(string source)
    {
        Compilation output = GeneratorRunner.Run(GeneratorRunner.Compile(source)).Output;
        using var stream = new MemoryStream();
        EmitResult result = output.Emit(stream);
        Assert.True(result.Success, string.Join(Environment.NewLine, result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        stream.Position = 0;
        return new AssemblyLoadContext("fallback-body", isCollectible: true).LoadFromStream(stream);
    }
}
