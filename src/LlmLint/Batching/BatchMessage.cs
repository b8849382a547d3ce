namespace LlmLint.Batching;

/// <summary>One message of a batched request.</summary>
/// <param name="Role">The role: <c>system</c>, <c>user</c> or <c>assistant</c>.</param>
/// <param name="Text">The text.</param>
public sealed record BatchMessage(string Role, string Text);
