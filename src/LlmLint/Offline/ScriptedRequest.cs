namespace LlmLint.Offline;

/// <summary>One request a <see cref="ScriptedChatClient"/> received, as its rules see it.</summary>
/// <param name="Messages">The messages of the request, in order.</param>
/// <param name="Options">The request's options, if any.</param>
/// <param name="LastUserText">The text of the last user message (empty when there is none).</param>
public sealed record ScriptedRequest(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options, string LastUserText);
