using System.Diagnostics.Metrics;
using LlmLint.Metering;

namespace LlmLint.Distillation;

/// <summary>The distillation instruments of the <c>LlmLint</c> meter.</summary>
internal static class DistillationMetrics
{
    /// <summary>Calls of distilled functions, tagged <c>llmlint.function</c> and <c>llmlint.distill.outcome</c> (<c>local</c>, <c>escalated</c>).</summary>
    public static readonly Counter<long> Answers = LlmLintMetrics.Meter.CreateCounter<long>(
        "llmlint.distill.answers", "{call}", "Calls of distilled functions: answered by the local student ($0) or escalated to the teacher.");

    /// <summary>The confidence of each local answer.</summary>
    public static readonly Histogram<double> Confidence = LlmLintMetrics.Meter.CreateHistogram<double>(
        "llmlint.distill.confidence", "1", "The student's confidence in each answer it gave locally.");

    /// <summary>Shadow checks, tagged <c>llmlint.distill.agreed</c>.</summary>
    public static readonly Counter<long> ShadowChecks = LlmLintMetrics.Meter.CreateCounter<long>(
        "llmlint.distill.shadow_checks", "{check}", "Local answers checked against the teacher.");

    /// <summary>Captures, tagged <c>llmlint.distill.outcome</c> (<c>stored</c>, <c>bypassed</c>, <c>dropped</c>, <c>redacted</c>).</summary>
    public static readonly Counter<long> Captures = LlmLintMetrics.Meter.CreateCounter<long>(
        "llmlint.distill.captures", "{capture}", "Teacher answers captured for distillation.");
}
