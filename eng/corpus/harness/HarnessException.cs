namespace LlmLint.Corpus;

/// <summary>A problem with the harness's input that the user must fix; printed without a stack trace.</summary>
internal sealed class HarnessException(string message) : Exception(message);
