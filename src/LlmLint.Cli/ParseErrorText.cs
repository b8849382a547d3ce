using System.Text.RegularExpressions;

namespace LlmLint.Cli;

/// <summary>
/// Parse errors in words a user knows: "--budget expects a number; got 'abc'." rather than System.CommandLine's
/// "Cannot parse argument 'abc' for option '--budget' as expected type 'System.Nullable`1[System.Decimal]'.".
/// </summary>
internal static partial class ParseErrorText
{
    public static string Humanize(string message)
    {
        var match = TypeError().Match(message);
        if (!match.Success)
        {
            return message;
        }

        string type = match.Groups["type"].Value;
        string inner = NullableOf().Match(type) is { Success: true } n ? n.Groups["inner"].Value : type;
        string expected = inner switch
        {
            "System.Decimal" or "System.Double" or "System.Single" => "a number (for example 12.5)",
            "System.Int32" or "System.Int64" or "System.Int16" or "System.UInt32" or "System.UInt64" => "a whole number",
            "System.Boolean" => "true or false",
            "System.TimeSpan" => "a duration (for example 00:30:00)",
            _ => "a value of another kind",
        };
        string what = match.Groups["kind"].Value == "option" ? match.Groups["name"].Value : "<" + match.Groups["name"].Value + ">";
        return $"{what} expects {expected}; got '{match.Groups["value"].Value}'.";
    }

    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for (?<kind>option|command|argument) '(?<name>[^']*)' as expected type '(?<type>[^']*)'\.?$")]
    private static partial Regex TypeError();

    [GeneratedRegex(@"^System\.Nullable`1\[(?<inner>[^\]]+)\]$")]
    private static partial Regex NullableOf();
}
