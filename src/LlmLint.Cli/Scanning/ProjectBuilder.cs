using System.Diagnostics;
using System.Security;
using System.Text;
using System.Threading;
using LlmLint.Build;

namespace LlmLint.Cli.Scanning;

/// <summary>Options of one analyzer build.</summary>
internal sealed record BuildRequest(ScanTarget Target, string AnalyzerPath, string WorkDirectory, string? Configuration, double? DefaultCallsPerDay);

/// <summary>The SARIF logs of a successful build.</summary>
internal sealed record BuildResult(IReadOnlyList<string> SarifFiles, TimeSpan Elapsed);

/// <summary>
/// Builds a solution or project with LlmLint's analyzers without touching the user's files: a temporary targets file
/// passed as <c>CustomBeforeMicrosoftCommonTargets</c> adds the analyzer (unless the project already references it),
/// a global analyzer config that raises LLM2000 from hidden (never written to the error log) to suggestion, and a
/// per-project SARIF v2.1 error log. <c>--no-incremental</c> makes up-to-date projects compile, and so report, again.
/// </summary>
internal static class ProjectBuilder
{
    /// <summary>The LlmLint rule ids that must stay warnings when a project treats warnings as errors.</summary>
    private static readonly string RuleIds = string.Join(";", Enumerable.Range(2000, 50).Select(i => "LLM" + i.ToString(CultureInfo.InvariantCulture)));

    public static BuildResult Build(BuildRequest request, Action<string> progress, CancellationToken cancellationToken)
    {
        var sarifDir = Path.Combine(request.WorkDirectory, "sarif");
        Directory.CreateDirectory(sarifDir);
        var globalConfig = Path.Combine(request.WorkDirectory, "llmlint-scan.globalconfig");
        File.WriteAllText(globalConfig, GlobalConfig());
        var targets = Path.Combine(request.WorkDirectory, "llmlint-scan.targets");
        File.WriteAllText(targets, Targets(request.AnalyzerPath, globalConfig, sarifDir));

        var args = new List<string>
        {
            "build", request.Target.BuildFile, "--no-incremental", "-nologo", "-v:q", "-clp:NoSummary", "-nodeReuse:false",
            "--disable-build-servers",
            "-p:CustomBeforeMicrosoftCommonTargets=" + targets,
        };
        if (!string.IsNullOrEmpty(request.Configuration))
        {
            args.Add("-c");
            args.Add(request.Configuration);
        }

        if (request.DefaultCallsPerDay is { } perDay)
        {
            args.Add("-p:LlmLintDefaultCallsPerDay=" + perDay.ToString(CultureInfo.InvariantCulture));
        }

        progress($"Building {Display(request.Target)} with the LlmLint analyzers…");
        var watch = Stopwatch.StartNew();
        var (exitCode, output) = Run("dotnet", args, request.Target.Directory, cancellationToken);
        watch.Stop();
        if (exitCode != 0)
        {
            var errors = output
                .Where(l => l.Contains(": error ", StringComparison.Ordinal) || l.Contains("error MSB", StringComparison.Ordinal) || l.StartsWith("error", StringComparison.OrdinalIgnoreCase))
                .Select(l => l.Trim())
                .Distinct(StringComparer.Ordinal)
                .Take(20)
                .ToList();
            if (errors.Count == 0)
            {
                errors = output.TakeLast(20).ToList();
            }

            if (RestoreError(output) is { } restore)
            {
                throw new CliException(ExitCodes.BuildFailed,
                    $"package restore failed: {restore}; run 'dotnet restore {request.Target.BuildFile}' with access to the package feeds (or add the missing source to NuGet.config) and scan again.",
                    string.Join(Environment.NewLine, errors));
            }

            throw new CliException(ExitCodes.BuildFailed,
                $"The build of '{request.Target.Path}' failed (dotnet build exit code {exitCode}); fix the build errors and scan again.",
                string.Join(Environment.NewLine, errors));
        }

        var files = Directory.EnumerateFiles(sarifDir, "*.sarif").OrderBy(f => f, StringComparer.Ordinal).ToList();
        progress(string.Create(CultureInfo.InvariantCulture, $"Built in {watch.Elapsed.TotalSeconds:0.0} s: {files.Count} compilation(s) analysed."));
        return new BuildResult(files, watch.Elapsed);
    }

    /// <summary>
    /// The first NuGet restore error of a failed build ("NU1101: Unable to find package Contoso.Missing. No packages exist
    /// with this id in source(s): …"), without the project path MSBuild puts in front, or null when restore succeeded.
    /// </summary>
    internal static string? RestoreError(IEnumerable<string> output)
    {
        foreach (var line in output)
        {
            int at = line.IndexOf(": error NU", StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }

            string error = line[(at + ": error ".Length)..].Trim();
            int project = error.LastIndexOf(" [", StringComparison.Ordinal);
            return project > 0 && error.EndsWith(']') ? error[..project] : error;
        }

        return null;
    }

    internal static string GlobalConfig() =>
        """
        is_global = true
        global_level = -100
        # LLM2000 marks every LLM call site. It is hidden by default, and the compiler leaves hidden diagnostics out of
        # its error log, so the scan raises it to suggestion.
        dotnet_diagnostic.LLM2000.severity = suggestion

        """;

    internal static string Targets(string analyzerPath, string globalConfig, string sarifDir)
    {
        var analyzer = SecurityElement.Escape(analyzerPath);
        var config = SecurityElement.Escape(globalConfig);
        var sarif = SecurityElement.Escape(sarifDir);
        return $$"""
            <Project>
              <!-- Written by llmlint scan for one build; the user's CustomBeforeMicrosoftCommonTargets default is kept. -->
              <Import Project="$(MSBuildExtensionsPath)/v$(MSBuildToolsVersion)/Custom.Before.Microsoft.Common.targets"
                      Condition="Exists('$(MSBuildExtensionsPath)/v$(MSBuildToolsVersion)/Custom.Before.Microsoft.Common.targets')" />
              <!-- What the LlmLint package's props declare, for projects that do not reference the package. -->
              <Target Name="_LlmLintScanOptions" BeforeTargets="GenerateMSBuildEditorConfigFileShouldRun" Condition="'$(Language)' == 'C#'">
                <ItemGroup>
                  <CompilerVisibleProperty Remove="LlmLintDefaultCallsPerDay" />
                  <CompilerVisibleProperty Include="LlmLintDefaultCallsPerDay" />
                  <AdditionalFiles Remove="$(MSBuildProjectDirectory)/llmlint.models.json" />
                  <AdditionalFiles Include="$(MSBuildProjectDirectory)/llmlint.models.json" Condition="Exists('$(MSBuildProjectDirectory)/llmlint.models.json')" />
            {{ConfigurationFileItems.Items("$(MSBuildProjectDirectory)", "      ")}}
                </ItemGroup>
              </Target>
              <Target Name="_LlmLintScanInject" BeforeTargets="CoreCompile" Condition="'$(Language)' == 'C#'">
                <ItemGroup>
                  <_LlmLintScanExisting Include="@(Analyzer)" Condition="'%(Filename)' == 'LlmLint.Analyzers'" />
                  <Analyzer Include="{{analyzer}}" Condition="'@(_LlmLintScanExisting)' == ''" />
                  <EditorConfigFiles Include="{{config}}" />
                </ItemGroup>
                <PropertyGroup>
                  <ErrorLog>{{sarif}}/$(MSBuildProjectName)-$([System.Guid]::NewGuid().ToString('N')).sarif,version=2.1</ErrorLog>
                  <WarningsNotAsErrors>$(WarningsNotAsErrors);{{RuleIds}}</WarningsNotAsErrors>
                </PropertyGroup>
              </Target>
            </Project>
            """;
    }

    private static string Display(ScanTarget target)
        => target.Generated ? $"the projects under '{target.Path}'" : $"'{target.Path}'";

    private static (int ExitCode, List<string> Output) Run(string fileName, List<string> args, string workingDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDTERMINALLOGGER"] = "off";

        var output = new List<string>();
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new CliException(ExitCodes.ToolError, "Cannot start 'dotnet'.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new CliException(ExitCodes.ToolError, $"Cannot start 'dotnet' to build the project: {ex.Message}. Install the .NET SDK and put it on PATH.");
        }

        using (process)
        {
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.Add(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.Add(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var registration = cancellationToken.Register(() =>
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            });
            process.WaitForExit();
            cancellationToken.ThrowIfCancellationRequested();
            lock (output)
            {
                return (process.ExitCode, new List<string>(output));
            }
        }
    }
}
