using System.CommandLine;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Cli.Commands;

namespace LlmLint.Cli;

/// <summary>The command tree of <c>llmlint</c>.</summary>
internal static class CliApp
{
    public static string Version { get; } =
        typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(CliApp).Assembly.GetName().Version?.ToString()
        ?? "0.0.0";

    public static int Run(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        var isConsole = stdout is null;
        stdout ??= Console.Out;
        stderr ??= Console.Error;
        var io = new CliIO(stdout, stderr, isConsole);

        var root = new RootCommand("llmlint: estimates the LLM spend of a .NET solution from its call sites, reports it, diffs it against a baseline and gates CI on a budget.");
        root.Add(ScanCommand.Create(io));
        root.Add(DiffCommand.Create(io));
        root.Add(EmbedCommand.Create());
        root.Add(EvidenceCommand.Create());
        root.Add(DistillCommand.Create());
        root.Add(UsageCommand.Create(io));
        root.Add(new Command("eval", "Replays labelled data to measure what caching, routing and cascades would save.")
        {
            EvalCacheCommand.Create(),
            EvalRouteCommand.Create(),
            EvalCascadeCommand.Create(),
        });

        var parse = root.Parse(args);
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                stderr.WriteLine("error: " + ParseErrorText.Humanize(error.Message));
            }

            stderr.WriteLine("Run 'llmlint --help' for usage.");
            return ExitCodes.BadInput;
        }

        try
        {
            return parse.InvokeAsync(config, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (CliException ex)
        {
            return io.Fail(ex);
        }
        catch (Exception ex) when (Commands.InputErrors.IsBadInput(ex) && ex is not ArgumentNullException)
        {
            // A reader below a command met input it cannot use: bad input, said in its own words.
            stderr.WriteLine("error: " + ex.Message);
            return ExitCodes.BadInput;
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine("error: cancelled.");
            return ExitCodes.ToolError;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            stderr.WriteLine($"error: llmlint failed unexpectedly: {ex.GetType().Name}: {ex.Message}");
            return ExitCodes.ToolError;
        }
    }

    /// <summary>Runs a command body, turning a <see cref="CliException"/> into its message and exit code.</summary>
    internal static Task<int> Guard(CliIO io, Func<int> body)
    {
        try
        {
            return Task.FromResult(body());
        }
        catch (CliException ex)
        {
            return Task.FromResult(io.Fail(ex));
        }
    }
}
