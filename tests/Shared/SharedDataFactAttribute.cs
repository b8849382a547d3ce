using System;
using System.IO;
using Xunit;

namespace LlmLint.Testing;

/// <summary>
/// A fact that needs an evaluation data set which is not committed with the repository (it is too large): it runs when
/// the shared data folder is found (<c>LLMLINT_SHARED_DATA</c>, or <c>shared/data</c> beside the checkout or one of its
/// ancestors) and is reported as skipped, with the reason, when it is not.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class SharedDataFactAttribute : FactAttribute
{
    /// <summary>Initializes the attribute for a data set below the shared data folder.</summary>
    /// <param name="relativePath">The folder or file the test reads, relative to the shared data folder (e.g. <c>routellm/gsm8k</c>).</param>
    public SharedDataFactAttribute(string relativePath)
    {
        if (SharedData.Find(relativePath) is null)
        {
            Skip = $"the evaluation data '{relativePath}' is not here: set LLMLINT_SHARED_DATA or place shared/data beside the checkout";
        }
    }
}

/// <summary>Finds the shared evaluation data folder for tests.</summary>
internal static class SharedData
{
    /// <summary>Gets the shared data folder that holds <paramref name="relativePath"/>, or null when there is none.</summary>
    public static string? Find(string relativePath)
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("LLMLINT_SHARED_DATA");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return Exists(fromEnvironment, relativePath) ? fromEnvironment : null;
        }

        for (DirectoryInfo? dir = new DirectoryInfo(TestRepo.Root).Parent; dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "data");
            if (Exists(candidate, relativePath))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool Exists(string root, string relativePath)
    {
        string path = Path.Combine(root, relativePath);
        return Directory.Exists(path) || File.Exists(path);
    }
}
