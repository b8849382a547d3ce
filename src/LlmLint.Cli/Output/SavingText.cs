using LlmLint.Cli.Model;

namespace LlmLint.Cli.Output;

/// <summary>
/// The saving column of every report: the estimate where a rule has one, else "—" and why (never "$0.00" for a rule whose
/// saving depends on something a static scan cannot see).
/// </summary>
internal static class SavingText
{
    public const string None = "—";

    /// <summary>The monthly saving of <paramref name="finding"/>, or "—".</summary>
    public static string Of(Finding finding) => finding.MonthlySavingUsd is { } m ? Money.Usd(m) : None;

    /// <summary>The monthly saving of a rule's findings, or "—" when the rule has no estimate.</summary>
    public static string OfRule(Aggregate rule) => rule.Priced ? Money.Usd(rule.MonthlyUsd) : None;

    /// <summary>Why a finding of <paramref name="ruleId"/> has no saving estimate, or null when it has one.</summary>
    public static string? WhyNone(string ruleId) => ruleId switch
    {
        "LLM2001" => "the suggested model or the site's price is not known",
        "LLM2002" => "depends on how much of the prompt can be cut or moved to retrieval",
        "LLM2003" => "depends on the cache hit rate; measure it with 'llmlint eval cache'",
        "LLM2004" => "the call site's model or price is not known, so the prompt-cache discount cannot be priced",
        "LLM2005" => "the call site's model or price is not known, so the batch discount cannot be priced",
        "LLM2008" => "the call site's model or price is not known, so the prompt-cache discount cannot be priced",
        "LLM2006" => "depends on how long the answers are without a limit",
        "LLM2007" => "the model has no price, so neither has a switch",
        _ => "this rule does not estimate a saving",
    };
}
