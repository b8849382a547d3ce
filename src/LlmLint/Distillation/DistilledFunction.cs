namespace LlmLint.Distillation;

/// <summary>A function the <see cref="DistillingChatClient"/> distils, recognised by the <see cref="LlmLintPropertyKeys.FunctionId"/> of a request.</summary>
public sealed class DistilledFunction
{
    /// <summary>Gets the function identity the requests carry (<see cref="LlmLintChatOptionsExtensions.WithFunctionId"/>).</summary>
    public required string FunctionId { get; init; }

    /// <summary>Gets the hash of the function's prompt template: change it with the prompt, and the student is retired.</summary>
    public required string TemplateHash { get; init; }

    /// <summary>
    /// Gets the validator of answers: it returns the label an answer text stands for (for a classification), or <see langword="null"/>
    /// when the answer is not valid (not captured). Without it the function is captured for fine-tuning only and has no student.
    /// </summary>
    public Func<string, string?>? ReadLabel { get; init; }

    /// <summary>Gets what the student reads from a request; the last user message's text when <see langword="null"/>.</summary>
    public Func<IReadOnlyList<ChatMessage>, string>? Input { get; init; }

    /// <summary>Gets the policy (target, shadow rate, whether the student may answer).</summary>
    public LlmDistillationPolicy Policy { get; init; } = LlmDistillationPolicy.Default;

    /// <summary>Creates a classification function whose answers are one of <paramref name="labels"/> (compared ignoring case and surrounding white space and a trailing period).</summary>
    /// <param name="functionId">The function identity.</param>
    /// <param name="templateHash">The template hash.</param>
    /// <param name="labels">The labels.</param>
    /// <returns>The function.</returns>
    public static DistilledFunction Classifier(string functionId, string templateHash, params string[] labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Length < 2)
        {
            throw new ArgumentException("A classification needs at least two labels.", nameof(labels));
        }

        string[] known = (string[])labels.Clone();
        return new DistilledFunction
        {
            FunctionId = functionId,
            TemplateHash = templateHash,
            ReadLabel = text =>
            {
                string answer = text.Trim().TrimEnd('.').Trim();
                return Array.Find(known, l => string.Equals(l, answer, StringComparison.OrdinalIgnoreCase));
            },
        };
    }
}
