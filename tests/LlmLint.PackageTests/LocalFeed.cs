using System.IO;

namespace LlmLint.PackageTests;

/// <summary>A folder set up like a user's: LlmLint packages from this build's packed folder, everything else from nuget.org.</summary>
internal static class LocalFeed
{
    /// <summary>
    /// Writes a <c>nuget.config</c> in <paramref name="dir"/> that maps <c>LlmLint</c> and <c>LlmLint.*</c> to the packed
    /// folder and every other package to nuget.org, and empty <c>Directory.*.props</c> files that keep the folder out of
    /// any build settings above it.
    /// </summary>
    public static void Write(string dir)
    {
        File.WriteAllText(Path.Combine(dir, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{RepoPaths.PackagesDir}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="local">
                  <package pattern="LlmLint" />
                  <package pattern="LlmLint.*" />
                </packageSource>
                <packageSource key="nuget.org">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(dir, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(dir, "Directory.Packages.props"), "<Project />");
    }
}
