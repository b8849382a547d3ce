using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.Extensions.AI;

namespace LlmLint.Analyzers.Tests.Recurrence;

/// <summary>
/// Compiles source that a code fix produced against the real SDK assemblies and, for the run test, emits it to an
/// in-memory assembly loaded in a collectible <see cref="AssemblyLoadContext"/> (SDK types resolve to the test's own
/// copies, so a fake <see cref="IChatClient"/> from the test can be passed in).
/// </summary>
internal static class FixedProgram
{
    /// <summary>Asserts that <paramref name="source"/> compiles without errors with the references of <paramref name="sdks"/>.</summary>
    public static Compilation AssertCompiles(string source, Sdks sdks)
    {
        Compilation compilation = AnalyzerRunner.Compile(new[] { ("/0/Fixed.cs", source) }, sdks);
        Diagnostic[] errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.True(errors.Length == 0, "The fixed code does not compile:\n" + string.Join("\n", errors.Take(10)));
        return compilation;
    }

    /// <summary>Compiles and loads <paramref name="source"/>, hands the assembly to <paramref name="run"/>, then unloads it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static async Task RunAsync(string source, Sdks sdks, Func<Assembly, Task> run)
    {
        Compilation compilation = AssertCompiles(source, sdks);
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        image.Position = 0;
        var context = new AssemblyLoadContext("fixed-program", isCollectible: true);
        try
        {
            await run(context.LoadFromStream(image));
        }
        finally
        {
            context.Unload();
        }
    }
}

/// <summary>An upstream chat client that answers with fixed text and counts the requests that reach it.</summary>
internal sealed class CountingChatClient(string answer) : IChatClient
{
    private int _calls;

    public int Calls => _calls;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, answer)));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The fixed program under test does not stream.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
