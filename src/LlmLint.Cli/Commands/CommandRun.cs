using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;

namespace LlmLint.Cli.Commands;

/// <summary>Wires a command to its run method: reads the arguments record from the parse result and passes the invocation's writers.</summary>
internal static class CommandRun
{
    public static void SetRun<TArgs>(this Command command, Func<ParseResult, TArgs> readArgs, Func<TArgs, TextWriter, TextWriter, CancellationToken, Task<int>> run)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.SetAction((result, ct) => run(readArgs(result), result.InvocationConfiguration.Output, result.InvocationConfiguration.Error, ct));
    }
}
