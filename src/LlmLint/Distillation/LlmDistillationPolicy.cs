namespace LlmLint.Distillation;

/// <summary>How a generated LLM function is distilled (from its <see cref="DistillAttribute"/>).</summary>
public sealed class LlmDistillationPolicy
{
    /// <summary>Gets the agreement with the teacher the student must keep; <see langword="null"/> uses <see cref="DistillationOptions.TargetAgreement"/>.</summary>
    public double? TargetAgreement { get; init; }

    /// <summary>Gets the share of local answers checked against the teacher; <see langword="null"/> uses <see cref="DistillationOptions.ShadowRate"/>.</summary>
    public double? ShadowRate { get; init; }

    /// <summary>Gets a value indicating whether the student may answer; <see langword="false"/> only captures.</summary>
    public bool AnswerLocally { get; init; } = true;

    /// <summary>Gets the policy of a function that sets nothing: runtime defaults, answering locally.</summary>
    public static LlmDistillationPolicy Default { get; } = new();
}
