namespace LlmLint.Distillation;

/// <summary>What a <see cref="Distiller"/> did since it started.</summary>
/// <param name="Captured">Captures stored.</param>
/// <param name="StoreBypasses">Captures not stored because the store failed or exceeded its timeout.</param>
/// <param name="Dropped">Captures dropped because too many were waiting.</param>
/// <param name="Redacted">Captures the redaction hook withheld (returned null or threw).</param>
/// <param name="LocalAnswers">Calls the student answered.</param>
/// <param name="Escalations">Calls of a function with an active student that went to the teacher (not confident).</param>
/// <param name="EmbeddingFaults">Calls that went to the teacher because the input could not be embedded.</param>
/// <param name="ShadowChecks">Local answers checked against the teacher.</param>
/// <param name="ShadowDisagreements">Shadow checks where the teacher answered otherwise.</param>
/// <param name="ShadowSkipped">Sampled answers not checked (too many checks running, or the teacher failed).</param>
/// <param name="SwitchedOff">Students switched off by shadow checks.</param>
/// <param name="Retired">Students retired by a template change.</param>
/// <param name="UnreadableModels">Model files that could not be read (the function stays with the teacher).</param>
public sealed record DistillationCounters(
    long Captured,
    long StoreBypasses,
    long Dropped,
    long Redacted,
    long LocalAnswers,
    long Escalations,
    long EmbeddingFaults,
    long ShadowChecks,
    long ShadowDisagreements,
    long ShadowSkipped,
    long SwitchedOff,
    long Retired,
    long UnreadableModels);
