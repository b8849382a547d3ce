using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using Microsoft.CodeAnalysis;

namespace LlmLint.Analyzers.Tests.Infrastructure;

/// <summary>Which real SDK assemblies a test compilation references.</summary>
[Flags]
public enum Sdks
{
    None = 0,
    MicrosoftExtensionsAI = 1,
    OpenAI = 2,
    Anthropic = 4,
    All = MicrosoftExtensionsAI | OpenAI | Anthropic,
}

/// <summary>Metadata references for test compilations: the BCL of the running runtime plus the chosen SDK assemblies.</summary>
public static class TestReferences
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_bcl = new(LoadBcl);
    private static readonly Dictionary<Sdks, ImmutableArray<MetadataReference>> s_sets = new();

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
            if ((sdks & Sdks.MicrosoftExtensionsAI) != 0)
            {
                b.Add(FromType(typeof(Microsoft.Extensions.AI.IChatClient)));
            }

            if ((sdks & Sdks.OpenAI) != 0)
            {
                b.Add(FromType(typeof(OpenAI.Chat.ChatClient)));
            }

            if ((sdks & Sdks.Anthropic) != 0)
            {
                b.Add(FromType(typeof(Anthropic.AnthropicClient)));
            }

            if ((sdks & (Sdks.OpenAI | Sdks.Anthropic)) != 0)
            {
                b.Add(FromType(typeof(System.ClientModel.ApiKeyCredential)));
            }

            refs = b.ToImmutable();
            s_sets[sdks] = refs;
            return refs;
        }
    }

    private static MetadataReference FromType(Type t) => MetadataReference.CreateFromFile(t.Assembly.Location);

    private static ImmutableArray<MetadataReference> LoadBcl()
    {
        string tpa = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        ImmutableArray<MetadataReference>.Builder b = ImmutableArray.CreateBuilder<MetadataReference>();
        foreach (string path in tpa.Split(Path.PathSeparator))
        {
            string name = Path.GetFileNameWithoutExtension(path);
            bool bcl = name == "netstandard" || name == "mscorlib" || name == "Microsoft.CSharp" || name == "Microsoft.Win32.Primitives"
                || (name.StartsWith("System.", StringComparison.Ordinal) && !name.StartsWith("System.ClientModel", StringComparison.Ordinal) && !name.StartsWith("System.Memory.Data", StringComparison.Ordinal))
                || name == "System";
            if (bcl && File.Exists(path))
            {
                b.Add(MetadataReference.CreateFromFile(path));
            }
        }

        b.Add(MetadataReference.CreateFromFile(typeof(System.BinaryData).Assembly.Location));
        return b.ToImmutable();
    }
}
