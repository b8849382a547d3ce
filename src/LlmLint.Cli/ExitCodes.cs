namespace LlmLint.Cli;

/// <summary>The process exit codes of <c>llmlint</c>, documented in docs/cli.md.</summary>
internal static class ExitCodes
{
    /// <summary>The command ran and no gate failed.</summary>
    public const int Ok = 0;

    /// <summary>A gate failed: <c>--budget</c>, <c>--max-increase</c> or <c>--fail-on</c>.</summary>
    public const int GateFailed = 1;

    /// <summary>Bad usage or bad input: unknown option, missing path, malformed report, baseline or catalog file.</summary>
    public const int BadInput = 2;

    /// <summary>The scanned project or solution did not build.</summary>
    public const int BuildFailed = 3;

    /// <summary>No LLM call site was found and <c>--require-calls</c> was given.</summary>
    public const int NoCallSites = 4;

    /// <summary>llmlint itself could not run: its analyzer assembly is missing, <c>dotnet</c> cannot be started, or an unexpected error.</summary>
    public const int ToolError = 5;
}

/// <summary>An error that ends the command with one line of text and an exit code.</summary>
internal sealed class CliException : System.Exception
{
    public CliException(int exitCode, string message, string? details = null)
        : base(message)
    {
        ExitCode = exitCode;
        Details = details;
    }

    public int ExitCode { get; }

    /// <summary>Optional further lines (for example the compiler errors of a failed build).</summary>
    public string? Details { get; }
}
