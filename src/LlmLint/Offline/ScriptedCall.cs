namespace LlmLint.Offline;

/// <summary>A call a <see cref="ScriptedChatClient"/> answered: the request and the answer it gave.</summary>
/// <param name="Request">The request.</param>
/// <param name="Answer">The answer text.</param>
/// <param name="Streamed">Whether the call was a streaming one.</param>
public sealed record ScriptedCall(ScriptedRequest Request, string Answer, bool Streamed);
