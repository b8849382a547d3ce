using System;
using System.IO;

namespace LlmLint.Cli;

/// <summary>The command tree of <c>llmlint</c>.</summary>
internal static class CliApp
{
    public static int Run(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        stdout ??= Console.Out;
        stderr ??= Console.Error;
        stdout.WriteLine("llmlint " + typeof(CliApp).Assembly.GetName().Version);
        return 0;
    }
}
