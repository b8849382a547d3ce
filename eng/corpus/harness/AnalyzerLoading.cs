using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace LlmLint.Corpus;

/// <summary>
/// Loads analyzer and generator assemblies the way a compiler host does: each folder gets its own load context, and the
/// Roslyn and framework assemblies come from the harness so the analyzers see one <c>Microsoft.CodeAnalysis</c>.
/// </summary>
internal sealed class AnalyzerLoading : IAnalyzerAssemblyLoader
{
    private static readonly HashSet<string> Shared = new(StringComparer.Ordinal)
    {
        "Microsoft.CodeAnalysis", "Microsoft.CodeAnalysis.CSharp", "netstandard", "mscorlib",
    };

    private readonly ConcurrentDictionary<string, FolderContext> _contexts = new(StringComparer.Ordinal);

    public static AnalyzerLoading Instance { get; } = new();

    public void AddDependencyLocation(string fullPath)
    {
    }

    public Assembly LoadFromPath(string fullPath)
        => _contexts.GetOrAdd(Path.GetDirectoryName(fullPath)!, dir => new FolderContext(dir)).LoadFromAssemblyPath(fullPath);

    private sealed class FolderContext(string folder) : AssemblyLoadContext("corpus:" + folder)
    {
        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var name = assemblyName.Name ?? "";
            if (Shared.Contains(name) || name.StartsWith("System.", StringComparison.Ordinal))
            {
                return null;
            }

            var path = Path.Combine(folder, name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
