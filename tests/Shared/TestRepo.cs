using System;
using System.IO;

namespace LlmLint.Testing;

/// <summary>Locates the repository the tests run from (the folder holding LlmLint.sln). Compiled into every test project.</summary>
internal static class TestRepo
{
    private static readonly Lazy<string> RootPath = new(Find);

    /// <summary>Gets the repository root; throws a clear error when the tests run outside a checkout.</summary>
    public static string Root => RootPath.Value;

    private static string Find()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LlmLint.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"LlmLint.sln was not found above '{AppContext.BaseDirectory}'.");
    }
}
