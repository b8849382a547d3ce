namespace LlmLint.Cli.Output;

/// <summary>The documentation page of each rule, as the analyzers' help links name it.</summary>
internal static class RuleLinks
{
    private const string Format = "https://github.com/llmlint/llmlint/blob/main/docs/rules/{0}.md";

    /// <summary>The page of <paramref name="ruleId"/>, or null for an id that is not an LlmLint rule.</summary>
    public static string? Url(string ruleId)
        => ruleId.Length == 7 && ruleId.StartsWith("LLM", System.StringComparison.Ordinal) && int.TryParse(ruleId[3..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _)
            ? string.Format(System.Globalization.CultureInfo.InvariantCulture, Format, ruleId)
            : null;
}
