using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using LlmLint.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace LlmLint.Analyzers.Tests;

/// <summary>Analyzers never throw: over this repository's own sources and over broken code.</summary>
public class RobustnessTests
{
    [Fact]
    public async Task EveryRule_OverEveryRepositorySource_NeverThrows()
    {
        string root = TestRepo.Root;
        var files = new List<(string, string)>();
        foreach (string folder in new[] { "src", "samples", "bench" })
        {
            string path = Path.Combine(root, folder);
            if (!Directory.Exists(path))
            {
                continue;
            }

            foreach (string file in Directory.EnumerateFiles(path, "*.cs", SearchOption.AllDirectories))
            {
                if (file.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar) || file.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar))
                {
                    continue;
                }

                files.Add((file, File.ReadAllText(file)));
            }
        }

        Assert.True(files.Count > 20, "expected the repository's sources, found " + files.Count);
        var setup = new TestSetup();

        // One compilation of everything (duplicate type names and missing references only produce compiler errors,
        // which is the point: the analyzers must cope with code that does not bind).
        var compilation = AnalyzerRunner.Compile(files, Sdks.All);
        AnalyzerRunner.Result result = await AnalyzerRunner.RunAsync(compilation, AllAnalyzers.Create(), setup.AnalyzerOptions());
        Assert.True(result.AnalyzerExceptions.Count == 0, string.Join("\n\n", result.AnalyzerExceptions.Take(3)));
    }

    [Theory]
    [InlineData("""
        using Microsoft.Extensions.AI;
        public class C { public async System.Threading.Tasks.Task M(IChatClient c) { var r = await c.GetResponseAsync(; } }
        """)]
    [InlineData("""
        using Microsoft.Extensions.AI;
        public class C { public void M(IChatClient c) { c.GetResponseAsync(new ChatOptions { ModelId = }, ); } }
        """)]
    [InlineData("""
        using OpenAI.Chat;
        public class C { ChatClient _c = new ChatClient(; public void M() { _c.CompleteChat(new UserChatMessage($"{undefined}"), ); } }
        """)]
    [InlineData("""
        using Anthropic; using Anthropic.Models.Messages;
        public class C { public void M(AnthropicClient a) { a.Messages.Create(new MessageCreateParams { Model = Missing.Value, Messages = [new UserMessageParam(x)] }); } }
        """)]
    [InlineData("""
        using Microsoft.Extensions.AI;
        public class C { const string A = B; const string B = A; public void M(IChatClient c) { c.GetResponseAsync(A, new ChatOptions { ModelId = A }); } }
        """)]
    [InlineData("""
        using Microsoft.Extensions.AI;
        public class C { IChatClient _c; public C() { _c = _c; } public void M() { foreach (var x in new int[0]) { string s = s + "x"; _c.GetResponseAsync(s); } } }
        """)]
    [InlineData("""
        using Microsoft.Extensions.AI; using Microsoft.Extensions.Caching.Memory;
        public class C { public void M(IChatClient c, IMemoryCache m) { m.GetOrCreateAsync(, async e => (await c.GetResponseAsync("Classify " + )).Text); } }
        """)]
    public async Task EveryRule_OverBrokenCode_NeverThrows(string source)
    {
        var setup = new TestSetup();
        var sources = new List<(string, string)> { ("/0/Broken.cs", source) };
        var compilation = AnalyzerRunner.Compile(sources, Sdks.All);
        Assert.NotEmpty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        AnalyzerRunner.Result result = await AnalyzerRunner.RunAsync(compilation, AllAnalyzers.Create(), setup.AnalyzerOptions());
        Assert.True(result.AnalyzerExceptions.Count == 0, string.Join("\n\n", result.AnalyzerExceptions));
    }

    [Fact]
    public async Task MalformedCatalogOverride_ReportsLLM0001_AndDoesNotThrow()
    {
        var setup = new TestSetup();
        setup.AdditionalFiles.Add(new TestAdditionalText("/repo/llmlint.models.json", "{ \"schemaVersion\": 1, \"models\": [ { \"id\": 42 } ] "));
        var compilation = AnalyzerRunner.Compile(new[] { ("/0/A.cs", "using Microsoft.Extensions.AI; public class A { public object M(IChatClient c) => c.GetResponseAsync(\"hi\"); }") }, Sdks.All);
        AnalyzerRunner.Result result = await AnalyzerRunner.RunAsync(compilation, AllAnalyzers.Create(), setup.AnalyzerOptions());
        Assert.Empty(result.AnalyzerExceptions);
        Diagnostic d = Assert.Single(result.Diagnostics, x => x.Id == "LLM0001");
        Assert.Contains("llmlint.models.json", d.GetMessage());
        Assert.Equal("/repo/llmlint.models.json", d.Location.GetLineSpan().Path);
    }

    [Fact]
    public async Task ValidCatalogOverride_NoLLM0001()
    {
        var setup = new TestSetup();
        setup.AdditionalFiles.Add(new TestAdditionalText("/repo/llmlint.models.json", """{ "schemaVersion": 1, "models": [ { "id": "gpt-4o", "tier": "Small" } ] }"""));
        var compilation = AnalyzerRunner.Compile(new[] { ("/0/A.cs", "public class A { }") }, Sdks.All);
        AnalyzerRunner.Result result = await AnalyzerRunner.RunAsync(compilation, AllAnalyzers.Create(), setup.AnalyzerOptions());
        Assert.DoesNotContain(result.Diagnostics, x => x.Id == "LLM0001");
    }
}
