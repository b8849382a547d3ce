using System;
using System.IO;
using System.Linq;

namespace LlmLint.PackageTests;

/// <summary>
/// Every packable library records its public API (PublicAPI.Shipped.txt / Unshipped.txt), and a public change that is
/// not recorded fails the build.
/// </summary>
public sealed class PublicApiBaselineTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "llmlint-public-api-" + Guid.NewGuid().ToString("N"));

    public static TheoryData<string> Libraries => new() { "LlmLint", "LlmLint.Embeddings", "LlmLint.Embeddings.Onnx", "LlmLint.Redis", "LlmLint.Sqlite", "LlmLint.PostgreSQL" };

    [Theory]
    [MemberData(nameof(Libraries))]
    public void Library_has_its_public_api_recorded(string library)
    {
        string dir = Path.Combine(RepoPaths.Root, "src", library);
        string shipped = Path.Combine(dir, "PublicAPI.Shipped.txt");
        Assert.True(File.Exists(shipped), $"{shipped} is missing.");
        string unshipped = Path.Combine(dir, "PublicAPI.Unshipped.txt");
        Assert.True(File.Exists(unshipped), $"{library} has no PublicAPI.Unshipped.txt.");
        // A recorded symbol (the store packages keep the runtime's namespaces, so a symbol need not start with the library's name).
        Assert.Contains(File.ReadAllLines(shipped).Concat(File.ReadAllLines(unshipped)), line => line.StartsWith("LlmLint.", StringComparison.Ordinal) || line.StartsWith("static LlmLint.", StringComparison.Ordinal));
    }

    [Fact]
    public void Unrecorded_public_type_fails_the_build_and_the_recorded_api_builds()
    {
        // A copy of a small library with the repository's build files, so the check runs on the real settings.
        foreach (string file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            Directory.CreateDirectory(_dir);
            File.Copy(Path.Combine(RepoPaths.Root, file), Path.Combine(_dir, file));
        }

        string source = Path.Combine(RepoPaths.Root, "src", "LlmLint.Embeddings.Onnx");
        string copy = Path.Combine(_dir, "src", "LlmLint.Embeddings.Onnx");
        foreach (string file in Directory.GetFiles(source, "*", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                              && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            string target = Path.Combine(copy, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        // The library's one project reference (the local embeddings, for USE-lite's backend seam) becomes a reference to
        // the assembly the solution build has already compiled, so only the copied library is built here.
        string project = Path.Combine(copy, "LlmLint.Embeddings.Onnx.csproj");
        string runtime = Path.Combine(RepoPaths.Root, "src", "LlmLint.Embeddings", "bin", "Release", "net10.0", "LlmLint.Embeddings.dll");
        Assert.True(File.Exists(runtime), $"{runtime} is missing: build the solution in Release first.");
        string csproj = File.ReadAllText(project);
        string projectReference = "<ProjectReference Include=\"..\\LlmLint.Embeddings\\LlmLint.Embeddings.csproj\" />";
        Assert.Contains(projectReference, csproj, StringComparison.Ordinal);
        File.WriteAllText(project, csproj.Replace(projectReference, $"<Reference Include=\"{runtime}\" />", StringComparison.Ordinal));
        string build = $"build \"{project}\" -c Release -f net10.0 -nologo -v q -p:UseSharedCompilation=false";
        var (exit, output) = ChildProcess.Run("dotnet", build, TimeSpan.FromMinutes(6));
        Assert.True(exit == 0, "The library with its recorded API does not build:\n" + ChildProcess.Tail(output));

        File.WriteAllText(Path.Combine(copy, "UnrecordedProbe.cs"), "namespace LlmLint.Embeddings.Onnx;\n\n/// <summary>Not in PublicAPI.*.txt.</summary>\npublic sealed class UnrecordedProbe\n{\n}\n");
        (exit, output) = ChildProcess.Run("dotnet", build, TimeSpan.FromMinutes(6));
        Assert.NotEqual(0, exit);
        Assert.Contains("RS0016", output, StringComparison.Ordinal);
        Assert.Contains("UnrecordedProbe", output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
