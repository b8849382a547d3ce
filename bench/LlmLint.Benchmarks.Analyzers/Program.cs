using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using LlmLint.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LlmLint.Benchmarks.Analyzers;

/// <summary>
/// Compile-time overhead of LlmLint's analyzers on a generated project: N files of ordinary code plus files with LLM call
/// sites over Microsoft.Extensions.AI, the OpenAI SDK and the Anthropic SDK. Each run compiles the project twice from
/// fresh syntax trees (parse, bind, all diagnostics, emit): once without analyzers and once with the four LlmLint
/// analyzers attached through <see cref="CompilationWithAnalyzers"/>, alternating which goes first. Prints medians and the
/// ratio. MSBuild's fixed cost of a real build is not included, so the real-build ratio is lower.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        int runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 7;
        int files = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 520;

        (List<string> sources, int callSites) = Generate(files);
        ImmutableArray<MetadataReference> references = References();
        ImmutableArray<DiagnosticAnalyzer> analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(
            new ModelCatalogAnalyzer(), new UseSmallerModelAnalyzer(), new OversizedPromptAnalyzer(), new CacheDeterministicCallAnalyzer());
        Console.WriteLine($"files {sources.Count}, LLM call sites {callSites}, processors {Environment.ProcessorCount}");

        ImmutableArray<DiagnosticAnalyzer> baseline = ImmutableArray.Create<DiagnosticAnalyzer>(new NoOpInvocationAnalyzer());
        string[] names = { "plain compile", "no-op analyzer", "LlmLint" };

        // Warm-up (JIT of the compiler, the driver and the analyzers).
        await CompileAsync(sources, references, analyzers);
        await CompileAsync(sources, references, baseline);

        var times = new[] { new List<double>(), new List<double>(), new List<double>() };
        int reported = 0;
        for (int i = 0; i < runs; i++)
        {
            for (int k = 0; k < 3; k++)
            {
                int flavour = (i + k) % 3;
                ImmutableArray<DiagnosticAnalyzer> set = flavour == 0 ? ImmutableArray<DiagnosticAnalyzer>.Empty : flavour == 1 ? baseline : analyzers;
                (double seconds, int llm) = await CompileAsync(sources, references, set);
                times[flavour].Add(seconds);
                if (flavour == 2)
                {
                    reported = llm;
                }

                Console.WriteLine($"run {i + 1} {names[flavour],-15} {seconds:F2} s");
            }
        }

        double plain = Median(times[0]);
        double noop = Median(times[1]);
        double llmlint = Median(times[2]);
        Console.WriteLine();
        Console.WriteLine($"LLM diagnostics reported {reported}");
        Console.WriteLine($"median plain {plain:F2} s, no-op analyzer {noop:F2} s, LlmLint {llmlint:F2} s");
        Console.WriteLine($"ratio LlmLint / no-op analyzer {llmlint / noop:F3}, LlmLint / plain {llmlint / plain:F3}");
        foreach (var (name, seconds) in AnalyzerSeconds.OrderByDescending(a => Median(a.Value)))
        {
            Console.WriteLine($"analyzer execution time (median of {seconds.Count}, warm-up included) {name} {Median(seconds):F3} s");
        }
        return 0;
    }

    /// <summary>Each analyzer's execution time per compile (the driver's measurement, summed over threads).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, List<double>> AnalyzerSeconds = new();

    /// <summary>The peer: an analyzer that registers an invocation action and does nothing, as the SDK's own analyzers do.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class NoOpInvocationAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor s_rule = new("BENCH0001", "No-op", "No-op", "Bench", DiagnosticSeverity.Hidden, false);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(s_rule);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterOperationAction(_ => { }, OperationKind.Invocation);
        }
    }

    private static async Task<(double Seconds, int LlmDiagnostics)> CompileAsync(List<string> sources, ImmutableArray<MetadataReference> references, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var sw = Stopwatch.StartNew();
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = new SyntaxTree[sources.Count];
        Parallel.For(0, sources.Count, i => trees[i] = CSharpSyntaxTree.ParseText(sources[i], parse, $"File{i:D4}.cs"));
        var compilation = CSharpCompilation.Create("Bench", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: true));
        ImmutableArray<Diagnostic> diagnostics;
        if (!analyzers.IsEmpty)
        {
            var cwa = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: true, logAnalyzerExecutionTime: true));
            diagnostics = await cwa.GetAllDiagnosticsAsync();
            foreach (var (analyzer, telemetry) in (await cwa.GetAnalysisResultAsync(default)).AnalyzerTelemetryInfo)
            {
                AnalyzerSeconds.AddOrUpdate(analyzer.GetType().Name, _ => new List<double> { telemetry.ExecutionTime.TotalSeconds }, (_, l) => { l.Add(telemetry.ExecutionTime.TotalSeconds); return l; });
            }
        }
        else
        {
            diagnostics = compilation.GetDiagnostics();
        }

        using (var pe = new MemoryStream())
        {
            var result = compilation.Emit(pe);
            if (!result.Success)
            {
                throw new InvalidOperationException("Generated project does not compile: " + result.Diagnostics.First(d => d.Severity == DiagnosticSeverity.Error));
            }
        }

        sw.Stop();
        if (diagnostics.Any(d => d.Id == "AD0001"))
        {
            throw new InvalidOperationException("An analyzer threw: " + diagnostics.First(d => d.Id == "AD0001").GetMessage());
        }

        return (sw.Elapsed.TotalSeconds, diagnostics.Count(d => d.Id.StartsWith("LLM", StringComparison.Ordinal)));
    }

    private static double Median(List<double> xs)
    {
        var s = xs.OrderBy(x => x).ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
    }

    private static ImmutableArray<MetadataReference> References()
    {
        var b = ImmutableArray.CreateBuilder<MetadataReference>();
        string tpa = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        foreach (string path in tpa.Split(Path.PathSeparator))
        {
            string name = Path.GetFileNameWithoutExtension(path);
            if (name == "netstandard" || name == "mscorlib" || name == "System" || name.StartsWith("System.", StringComparison.Ordinal)
                || name == "Microsoft.Extensions.AI.Abstractions" || name == "OpenAI" || name == "Anthropic")
            {
                b.Add(MetadataReference.CreateFromFile(path));
            }
        }

        b.Add(MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.AI.IChatClient).Assembly.Location));
        b.Add(MetadataReference.CreateFromFile(typeof(OpenAI.Chat.ChatClient).Assembly.Location));
        b.Add(MetadataReference.CreateFromFile(typeof(Anthropic.AnthropicClient).Assembly.Location));
        return b.ToImmutable().Distinct().ToImmutableArray();
    }

    /// <summary>Returns the sources and the number of LLM call sites among them.</summary>
    internal static (List<string> Sources, int CallSites) Generate(int files)
    {
        var sources = new List<string>(files);
        int callSites = 0;
        int llmFiles = Math.Max(100, files / 4);
        for (int i = 0; i < files; i++)
        {
            sources.Add(i < llmFiles ? LlmFile(i, ref callSites) : PlainFile(i));
        }

        return (sources, callSites);
    }

    private static string PlainFile(int i) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Text;
        using System.Threading.Tasks;

        namespace Bench.Domain{{i % 20}};

        public sealed record Order{{i}}(int Id, string Customer, decimal Total, DateTime Placed);

        public sealed class Service{{i}}
        {
            private readonly Dictionary<int, Order{{i}}> _orders = new();

            public void Add(Order{{i}} order) => _orders[order.Id] = order;

            public IReadOnlyList<Order{{i}}> Recent(int days) =>
                _orders.Values.Where(o => o.Placed > DateTime.UtcNow.AddDays(-days)).OrderByDescending(o => o.Total).ToList();

            public string Report()
            {
                var sb = new StringBuilder();
                foreach (var group in _orders.Values.GroupBy(o => o.Customer))
                {
                    sb.Append(group.Key).Append(": ").Append(group.Sum(o => o.Total).ToString("N2")).AppendLine();
                }

                return sb.ToString();
            }

            public async Task<decimal> TotalAsync()
            {
                await Task.Yield();
                decimal total = 0;
                for (int k = 0; k < _orders.Count; k++)
                {
                    total += _orders.ElementAt(k).Value.Total;
                }

                return total switch { > 1000m => total * 0.95m, > 100m => total * 0.98m, _ => total };
            }
        }
        """;

    private static string LlmFile(int i, ref int callSites)
    {
        callSites += 3;
        return $$""""
            using System;
            using System.Collections.Generic;
            using System.Text.Json;
            using System.Threading.Tasks;
            using Anthropic;
            using Anthropic.Models.Messages;
            using Microsoft.Extensions.AI;
            using OpenAI.Chat;

            namespace Bench.Llm{{i % 10}};

            public enum Category{{i}} { Billing, Technical, Account }

            public sealed record Fields{{i}}(string Vendor, decimal Total, string Currency);

            public sealed class Triage{{i}}
            {
                private const string Model = "{{(i % 3 == 0 ? "gpt-4o" : i % 3 == 1 ? "gpt-4o-mini" : "claude-opus-4-8")}}";
                private readonly IChatClient _client;
                private readonly ChatClient _openAI;
                private readonly IAnthropicClient _anthropic;

                public Triage{{i}}(IChatClient client, IAnthropicClient anthropic, string key)
                {
                    _client = client;
                    _anthropic = anthropic;
                    _openAI = new ChatClient("gpt-4o", key);
                }

                public async Task<Category{{i}}> ClassifyAsync(string ticket)
                {
                    var response = await _client.GetResponseAsync($"Classify this ticket: {ticket}", new ChatOptions { ModelId = Model, Temperature = 0 });
                    return Enum.Parse<Category{{i}}>(response.Text.Trim());
                }

                public Fields{{i}}? Extract(string invoice)
                {
                    ChatCompletion c = _openAI.CompleteChat(new SystemChatMessage("Extract vendor, total and currency as JSON."), new UserChatMessage(invoice));
                    return JsonSerializer.Deserialize<Fields{{i}}>(c.Content[0].Text);
                }

                public async Task<string> ReplyAsync(IEnumerable<string> questions)
                {
                    string all = "";
                    foreach (string q in questions)
                    {
                        Message m = await _anthropic.Messages.Create(new MessageCreateParams
                        {
                            Model = "claude-sonnet-4-5",
                            MaxTokens = 1024,
                            System = """
                                You are a helpful assistant for the support team. Write a friendly answer.
                                """,
                            Messages = [new UserMessageParam(q)],
                        });
                        all += m.ToString();
                    }

                    return all;
                }
            }
            """";
    }
}
