using Spectre.Console;

namespace LlmLint.Cli.Commands;

/// <summary>The writers of one run, and the Spectre consoles over them.</summary>
internal sealed class CliIO
{
    private IAnsiConsole? _out;
    private IAnsiConsole? _err;

    public CliIO(TextWriter stdout, TextWriter stderr, bool isConsole)
    {
        Out = stdout;
        Err = stderr;
        IsConsole = isConsole;
    }

    public TextWriter Out { get; }

    public TextWriter Err { get; }

    /// <summary>True when the writers are the process console (not a test's or a caller's writers).</summary>
    public bool IsConsole { get; }

    /// <summary>True when progress can animate: stderr is a terminal.</summary>
    public bool Interactive => IsConsole && !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("CI") is null;

    public IAnsiConsole OutConsole => _out ??= Create(Out, IsConsole && !Console.IsOutputRedirected);

    public IAnsiConsole ErrorConsole => _err ??= Create(Err, Interactive);

    public int Fail(CliException ex)
    {
        Err.WriteLine("error: " + ex.Message);
        if (!string.IsNullOrWhiteSpace(ex.Details))
        {
            Err.WriteLine(ex.Details);
        }

        return ex.ExitCode;
    }

    private static IAnsiConsole Create(TextWriter writer, bool terminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        if (!terminal)
        {
            console.Profile.Width = 240;
        }

        return console;
    }
}
