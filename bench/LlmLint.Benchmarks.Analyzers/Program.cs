using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace LlmLint.Benchmarks.Analyzers;

/// <summary>
/// Build-time overhead of LlmLint's analyzers on a generated solution: N files of ordinary code plus files with LLM call
/// sites over Microsoft.Extensions.AI, the OpenAI SDK and the Anthropic SDK. Each run builds the project twice with
/// <c>--no-incremental</c> (once with the analyzer, once without), alternating which goes first; medians and the ratio
/// are printed.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        int runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
        int files = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 520;
        string repo = FindRepoRoot();

        Console.WriteLine("Building LlmLint.Analyzers (Release)...");
        Run("dotnet", $"build \"{Path.Combine(repo, "src", "LlmLint.Analyzers", "LlmLint.Analyzers.csproj")}\" -c Release -v q -nologo", repo);
        string analyzerDll = Run("dotnet", $"msbuild \"{Path.Combine(repo, "src", "LlmLint.Analyzers", "LlmLint.Analyzers.csproj")}\" -p:Configuration=Release -getProperty:TargetPath", repo).Trim();
        if (!File.Exists(analyzerDll))
        {
            Console.Error.WriteLine("Analyzer assembly not found: " + analyzerDll);
            return 1;
        }

        string dir = Path.Combine(Path.GetTempPath(), "llmlint-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        (int fileCount, int callSites) = Generate(dir, files, analyzerDll);
        Console.WriteLine($"Generated {fileCount} files with {callSites} LLM call sites in {dir}");
        Run("dotnet", "restore -v q -nologo", dir);

        // Warm-up: one build of each flavour (JIT, build server, analyzer load).
        Build(dir, withLlmLint: true, out _);
        Build(dir, withLlmLint: false, out _);

        var with = new List<double>();
        var without = new List<double>();
        int warnings = 0;
        for (int i = 0; i < runs; i++)
        {
            bool firstWith = i % 2 == 0;
            for (int k = 0; k < 2; k++)
            {
                bool useLlmLint = firstWith ^ (k == 1);
                double seconds = Build(dir, useLlmLint, out string output);
                (useLlmLint ? with : without).Add(seconds);
                if (useLlmLint)
                {
                    warnings = CountLlmDiagnostics(output);
                }

                Console.WriteLine($"run {i + 1} {(useLlmLint ? "with   " : "without")} {seconds:F2} s");
            }
        }

        double mWith = Median(with);
        double mWithout = Median(without);
        Console.WriteLine();
        Console.WriteLine($"files {fileCount}, LLM call sites {callSites}, LLM diagnostics reported {warnings}");
        Console.WriteLine($"median without LlmLint {mWithout:F2} s, with LlmLint {mWith:F2} s, ratio {mWith / mWithout:F3}");
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }

        return 0;
    }

    private static int CountLlmDiagnostics(string output) =>
        output.Split('\n').Where(l => l.Contains(": warning LLM", StringComparison.Ordinal)).Select(l => l.Trim()).Distinct().Count();

    private static double Median(List<double> xs)
    {
        var s = xs.OrderBy(x => x).ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
    }

    private static double Build(string dir, bool withLlmLint, out string output)
    {
        var sw = Stopwatch.StartNew();
        output = Run("dotnet", $"build --no-restore --no-incremental -v q -nologo -clp:NoSummary -p:UseLlmLint={(withLlmLint ? "true" : "false")}", dir);
        return sw.Elapsed.TotalSeconds;
    }

    private static string FindRepoRoot()
    {
        string? d = AppContext.BaseDirectory;
        while (d != null && !File.Exists(Path.Combine(d, "LlmLint.sln")))
        {
            d = Path.GetDirectoryName(d);
        }

        return d ?? throw new InvalidOperationException("LlmLint.sln not found above " + AppContext.BaseDirectory);
    }

    private static string Run(string file, string arguments, string workingDirectory)
    {
        var psi = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process p = Process.Start(psi)!;
        string stdout = p.StandardOutput.ReadToEnd();
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed ({p.ExitCode}):\n{stdout}\n{stderr}");
        }

        return stdout;
    }

    /// <summary>Writes the project; returns (files, LLM call sites).</summary>
    internal static (int Files, int CallSites) Generate(string dir, int files, string analyzerDll)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(dir, "Directory.Packages.props"), "<Project><PropertyGroup><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup></Project>");
        File.WriteAllText(Path.Combine(dir, "Bench.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>disable</ImplicitUsings>
                <NoWarn>$(NoWarn);CS1998;OPENAI001</NoWarn>
                <NuGetAudit>false</NuGetAudit>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.Extensions.AI.Abstractions" Version="10.11.0" />
                <PackageReference Include="OpenAI" Version="2.15.0" />
                <PackageReference Include="Anthropic" Version="13.12.0" />
              </ItemGroup>
              <ItemGroup Condition="'$(UseLlmLint)' == 'true'">
                <Analyzer Include="{analyzerDll}" />
              </ItemGroup>
            </Project>
            """);

        int callSites = 0;
        int llmFiles = Math.Max(100, files / 4);
        for (int i = 0; i < files; i++)
        {
            string code = i < llmFiles ? LlmFile(i, ref callSites) : PlainFile(i);
            File.WriteAllText(Path.Combine(dir, $"File{i:D4}.cs"), code);
        }

        return (files, callSites);
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
