using System;
using System.IO;

namespace LlmLint.PackageTests;

internal static class RepoPaths
{
    public static string Root { get; } = TestRepo.Root;

    public static string PackagesDir => Path.Combine(Root, "artifacts", "packages");

    public static string FindPackage(string id)
    {
        if (!Directory.Exists(PackagesDir))
        {
            throw new InvalidOperationException($"No packages at '{PackagesDir}': run 'dotnet pack src/LlmLint -o artifacts/packages' (./test.sh does) before these tests.");
        }

        string? found = null;
        foreach (var file in Directory.GetFiles(PackagesDir, id + ".*.nupkg"))
        {
            var rest = Path.GetFileNameWithoutExtension(file).Substring(id.Length + 1);
            if (rest.Length > 0 && char.IsDigit(rest[0]) && !file.EndsWith(".symbols.nupkg", StringComparison.Ordinal))
            {
                found = file;
            }
        }

        return found ?? throw new InvalidOperationException($"'{id}.<version>.nupkg' is not in '{PackagesDir}'.");
    }

    /// <summary>Gets the version of the packed <paramref name="id"/> package (its file name after the id).</summary>
    public static string PackageVersion(string id) => Path.GetFileNameWithoutExtension(FindPackage(id)).Substring(id.Length + 1);
}
