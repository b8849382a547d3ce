namespace LlmLint.Distillation;

/// <summary>One teacher answer captured for distillation.</summary>
/// <remarks>
/// <see cref="Input"/> is what the student reads (the function's free-text argument, or the rendered prompt); <see cref="Prompt"/>
/// is the whole rendered request, <see cref="Arguments"/> the normalised parameters (<c>name=length:value;</c>). <see cref="Label"/>
/// is the validated answer of an enum or <see langword="bool"/> function (the member name, <c>true</c>/<c>false</c>), the label the
/// student learns; other functions have none and are captured for fine-tuning (<see cref="Answer"/>).
/// </remarks>
/// <param name="FunctionId">The function identity.</param>
/// <param name="TemplateHash">The template hash of the function when the answer was given.</param>
/// <param name="Timestamp">When the answer was given.</param>
/// <param name="Input">The text the student reads.</param>
/// <param name="Prompt">The rendered request: the system prompt (if any) and the user prompt, separated by a blank line.</param>
/// <param name="SystemPrompt">The system prompt, if any.</param>
/// <param name="Arguments">The normalised parameters, if known.</param>
/// <param name="Answer">The teacher's validated answer text.</param>
/// <param name="Label">The validated answer as a label (enum and bool results), else <see langword="null"/>.</param>
/// <param name="Tier">The tier that answered.</param>
/// <param name="ModelId">The model that answered.</param>
/// <param name="CostUsd">The call's cost, when known.</param>
public sealed record DistillationCapture(
    string FunctionId,
    string TemplateHash,
    DateTimeOffset Timestamp,
    string Input,
    string Prompt,
    string? SystemPrompt,
    string? Arguments,
    string Answer,
    string? Label,
    Tier? Tier,
    string? ModelId,
    decimal? CostUsd);
