using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace LlmLint.Analyzers.Tests.Infrastructure;

/// <summary>Metadata references for test compilations: the BCL of the running runtime plus the chosen SDK assemblies.</summary>
public static class TestReferences
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_bcl = new(LoadBcl);
    private static readonly Lazy<HashSet<string>> s_bclNames = new(() => new HashSet<string>(BclPaths().Select(Path.GetFileNameWithoutExtension)!, StringComparer.OrdinalIgnoreCase));
    private static readonly Dictionary<Sdks, ImmutableArray<MetadataReference>> s_sets = new();

    /// <summary>The assemblies each flag names; their non-BCL dependencies come along.</summary>
    private static readonly (Sdks Flag, string[] Assemblies)[] s_anchors =
    {
        (Sdks.MicrosoftExtensionsAI, new[] { "Microsoft.Extensions.AI.Abstractions", "Microsoft.Extensions.AI", "Microsoft.Extensions.AI.OpenAI" }),
        (Sdks.OpenAI, new[] { "OpenAI", "System.ClientModel" }),
        (Sdks.Anthropic, new[] { "Anthropic" }),
        (Sdks.AzureOpenAI, new[] { "Azure.AI.OpenAI", "Azure.Core" }),
        (Sdks.SemanticKernel, new[] { "Microsoft.SemanticKernel.Abstractions", "Microsoft.SemanticKernel.Core", "Microsoft.SemanticKernel.Connectors.OpenAI", "Microsoft.SemanticKernel.Connectors.AzureOpenAI" }),
        (Sdks.Hosting, new[]
        {
            "Microsoft.Extensions.DependencyInjection.Abstractions", "Microsoft.Extensions.DependencyInjection",
            "Microsoft.Extensions.Configuration.Abstractions", "Microsoft.Extensions.Configuration", "Microsoft.Extensions.Configuration.Json",
            "Microsoft.Extensions.Configuration.Binder", "Microsoft.Extensions.Options", "Microsoft.Extensions.Options.ConfigurationExtensions",
            "Microsoft.Extensions.Caching.Abstractions", "Microsoft.Extensions.Caching.Memory", "Microsoft.Extensions.Caching.Hybrid",
            "Microsoft.Extensions.Hosting.Abstractions",
            "Microsoft.AspNetCore.Mvc.Core", "Microsoft.AspNetCore.Routing", "Microsoft.AspNetCore.Http.Abstractions", "Microsoft.AspNetCore.Http.Results",
        }),
        (Sdks.LlmLint, new[] { "LlmLint" }),
    };

    public static ImmutableArray<MetadataReference> For(Sdks sdks)
    {
        lock (s_sets)
        {
            if (s_sets.TryGetValue(sdks, out ImmutableArray<MetadataReference> refs))
            {
                return refs;
            }

            ImmutableArray<MetadataReference>.Builder b = ImmutableArray.CreateBuilder<MetadataReference>();
            b.AddRange(s_bcl.Value);
            foreach (string path in SdkAssemblyPaths(sdks))
            {
                b.Add(MetadataReference.CreateFromFile(path));
            }

            refs = b.ToImmutable();
            s_sets[sdks] = refs;
            return refs;
        }
    }

    /// <summary>The files of the chosen SDK assemblies and of every non-BCL assembly they reference, transitively.</summary>
    public static IReadOnlyList<string> SdkAssemblyPaths(Sdks sdks)
    {
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Stack<string>(s_anchors.Where(a => (sdks & a.Flag) != 0).SelectMany(a => a.Assemblies));
        while (pending.Count > 0)
        {
            string name = pending.Pop();
            if (seen.ContainsKey(name) || s_bclNames.Value.Contains(name))
            {
                continue;
            }

            Assembly assembly = Assembly.Load(new AssemblyName(name));
            seen[name] = assembly.Location;
            foreach (AssemblyName dependency in assembly.GetReferencedAssemblies())
            {
                pending.Push(dependency.Name!);
            }
        }

        return seen.Values.OrderBy(p => p, StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<string> BclPaths()
    {
        string tpa = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        foreach (string path in tpa.Split(Path.PathSeparator))
        {
            string name = Path.GetFileNameWithoutExtension(path);
            bool bcl = name == "netstandard" || name == "mscorlib" || name == "Microsoft.CSharp" || name == "Microsoft.Win32.Primitives" || name == "Microsoft.VisualBasic"
                || (name.StartsWith("System.", StringComparison.Ordinal) && !name.StartsWith("System.ClientModel", StringComparison.Ordinal))
                || name == "System";
            if (bcl && File.Exists(path))
            {
                yield return path;
            }
        }
    }

    private static ImmutableArray<MetadataReference> LoadBcl() =>
        BclPaths().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
}
