using System.Collections.Generic;
using Microsoft.Extensions.AI;

namespace LlmLint.Tests;

/// <summary>Chat messages for a test's request.</summary>
internal static class Msgs
{
    public static List<ChatMessage> User(string text) => new() { new ChatMessage(ChatRole.User, text) };
}
