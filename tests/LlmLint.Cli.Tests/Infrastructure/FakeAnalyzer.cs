using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LlmLint.Cli.Tests.Infrastructure;

/// <summary>
/// A stand-in for LlmLint.Analyzers.dll that honours the LLM2000/LLM2001 property contract: it reports every call to
/// a method named <c>Complete(model, prompt)</c>, prices it from a two-model table, reads <c>[CallVolume(n)]</c>, and
/// suggests gpt-4o-mini for gpt-4o calls in methods named Classify*. Compiled in process once per test run.
/// </summary>
internal static class FakeAnalyzer
{
    private static readonly Lazy<string> Compiled = new(Compile);

    public static string Path => Compiled.Value;

    private const string Source = """
        using System.Collections.Immutable;
        using System.Globalization;
        using System.Linq;
        using Microsoft.CodeAnalysis;
        using Microsoft.CodeAnalysis.Diagnostics;
        using Microsoft.CodeAnalysis.Operations;

        [DiagnosticAnalyzer(LanguageNames.CSharp)]
        public sealed class FakeLlmAnalyzer : DiagnosticAnalyzer
        {
            private static readonly DiagnosticDescriptor CallSite = new DiagnosticDescriptor("LLM2000", "LLM call site", "LLM call to '{0}'", "Performance", DiagnosticSeverity.Hidden, true);
            private static readonly DiagnosticDescriptor Smaller = new DiagnosticDescriptor("LLM2001", "Use a smaller model", "'{0}' can run on '{1}'", "Performance", DiagnosticSeverity.Warning, true);

            public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(CallSite, Smaller);

            public override void Initialize(AnalysisContext context)
            {
                context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
                context.EnableConcurrentExecution();
                context.RegisterOperationAction(OnInvocation, OperationKind.Invocation);
            }

            private static decimal Cost(string model) => model == "gpt-4o" ? (500m * 2.5m + 200m * 10m) / 1000000m : (500m * 0.15m + 200m * 0.6m) / 1000000m;

            private static void OnInvocation(OperationAnalysisContext c)
            {
                var inv = (IInvocationOperation)c.Operation;
                if (inv.TargetMethod.Name != "Complete" || inv.Arguments.Length < 1) return;
                var model = inv.Arguments[0].Value.ConstantValue.HasValue ? inv.Arguments[0].Value.ConstantValue.Value as string ?? "" : "";
                var method = c.ContainingSymbol as IMethodSymbol;
                var callSite = method is null ? "" : method.ContainingType.ToDisplayString() + "." + method.Name;
                var volume = "1000";
                var attribute = method?.GetAttributes().FirstOrDefault(a => a.AttributeClass?.Name == "CallVolumeAttribute");
                if (attribute != null && attribute.ConstructorArguments.Length == 1) volume = System.Convert.ToString(attribute.ConstructorArguments[0].Value, CultureInfo.InvariantCulture);
                var cost = Cost(model);
                var props = ImmutableDictionary.CreateBuilder<string, string>();
                props.Add("Provider", "openai");
                props.Add("ModelId", model);
                props.Add("ModelKnown", "true");
                props.Add("ModelTier", model == "gpt-4o" ? "large" : "small");
                props.Add("TaskKind", method != null && method.Name.StartsWith("Classify") ? "classification" : "other");
                props.Add("InputTokens", "500");
                props.Add("OutputTokens", "200");
                props.Add("CostPerCall", cost.ToString(CultureInfo.InvariantCulture));
                props.Add("CostPer1000Calls", (cost * 1000m).ToString(CultureInfo.InvariantCulture));
                props.Add("CallsPerDay", volume);
                props.Add("CallSite", callSite);
                props.Add("Sdk", "OpenAI");
                var location = inv.Syntax.GetLocation();
                c.ReportDiagnostic(Diagnostic.Create(CallSite, location, props.ToImmutable(), model));
                if (model == "gpt-4o" && method != null && method.Name.StartsWith("Classify"))
                {
                    var saving = (Cost("gpt-4o") - Cost("gpt-4o-mini")) * 1000m;
                    var p2 = ImmutableDictionary.CreateBuilder<string, string>();
                    p2.Add("SuggestedModelId", "gpt-4o-mini");
                    p2.Add("SavingPer1000Calls", saving.ToString(CultureInfo.InvariantCulture));
                    c.ReportDiagnostic(Diagnostic.Create(Smaller, location, p2.ToImmutable(), callSite, "gpt-4o-mini"));
                }
            }
        }
        """;

    private static string Compile()
    {
        var tpa = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(System.IO.Path.PathSeparator);
        var references = tpa
            .Where(p => System.IO.Path.GetFileName(p) is "System.Runtime.dll" or "System.Collections.Immutable.dll" or "System.Linq.dll"
                or "netstandard.dll" or "System.Collections.dll" or "System.Runtime.Extensions.dll" or "System.Private.CoreLib.dll")
            .Select(p => MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(typeof(Compilation).Assembly.Location))
            .Append(MetadataReference.CreateFromFile(typeof(CSharpCompilation).Assembly.Location))
            .ToList();
        var compilation = CSharpCompilation.Create(
            "LlmLint.Cli.Tests.FakeAnalyzer",
            [CSharpSyntaxTree.ParseText(Source)],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
        var dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "llmlint-tests-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var path = System.IO.Path.Combine(dir, "LlmLint.Cli.Tests.FakeAnalyzer.dll");
        var result = compilation.Emit(path);
        if (!result.Success)
        {
            throw new InvalidOperationException("The test analyzer does not compile:\n" + string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }

        return path;
    }
}
