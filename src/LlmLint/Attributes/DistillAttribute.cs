namespace LlmLint;

/// <summary>
/// Distils a generated LLM function: every teacher answer that passes validation is captured (input, answer, tier, model,
/// cost) into the runtime's distillation store, and for enum and <see langword="bool"/> results a trained local student
/// answers the inputs it is confident about, for $0, before any tier is called.
/// </summary>
/// <remarks>
/// The runtime needs distillation configured (<c>LlmRuntimeOptions.Distillation</c>); without it the attribute changes
/// nothing. A student is tied to the function's template hash: editing the prompt retires it.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DistillAttribute : Attribute
{
    /// <summary>Gets or sets the agreement with the teacher the student must keep (between 0 and 1, exclusive); 0 uses the runtime default.</summary>
    public double Target { get; set; }

    /// <summary>Gets or sets the share of local answers checked against the teacher in the background (0 to 1); 0 uses the runtime default.</summary>
    public double ShadowRate { get; set; }

    /// <summary>Gets or sets a value indicating whether the student may answer (default); <see langword="false"/> only captures.</summary>
    public bool AnswerLocally { get; set; } = true;
}
