using System.Runtime.CompilerServices;
using OpenAI.Chat;
using OpenAI.Responses;

namespace LlmLint.PromptCaching;

/// <summary>
/// Sets OpenAI's <c>prompt_cache_key</c> through <see cref="ChatOptions.RawRepresentationFactory"/>, the way
/// Microsoft.Extensions.AI.OpenAI takes provider options: a <see cref="ChatCompletionOptions"/> (Chat Completions; the SDK has
/// no property for the key, so it is written into the request JSON with the options' patch) or a
/// <see cref="CreateResponseOptions"/> (Responses, <see cref="CreateResponseOptions.PromptCacheKey"/>).
/// </summary>
/// <remarks>
/// A factory the caller set runs first; a key it already set is kept. This type touches OpenAI SDK types: it runs only for the
/// OpenAI adapters, whose assembly is then loaded.
/// </remarks>
internal static class OpenAIPromptCacheKey
{
    private static readonly byte[] s_keyPath = "$.prompt_cache_key"u8.ToArray();

    /// <summary>Returns a copy of <paramref name="options"/> whose raw representation carries <paramref name="key"/>, or null when <paramref name="inner"/> is no OpenAI adapter.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ChatOptions? With(ChatOptions? options, IChatClient inner, string key)
    {
        bool responses;
        if (inner.GetService(typeof(ChatClient)) is not null)
        {
            responses = false;
        }
#pragma warning disable OPENAI001 // The Responses client is marked for evaluation; its options are what the adapter takes.
        else if (inner.GetService(typeof(ResponsesClient)) is not null)
        {
            responses = true;
        }
        else
        {
            return null;
        }

        ChatOptions sent = options?.Clone() ?? new ChatOptions();
        Func<IChatClient, object?>? prior = options?.RawRepresentationFactory;
        sent.RawRepresentationFactory = client =>
        {
            object? raw = prior?.Invoke(client) ?? (responses ? new CreateResponseOptions() : new ChatCompletionOptions());
            switch (raw)
            {
                case CreateResponseOptions r:
                    r.PromptCacheKey ??= key;
                    break;
                case ChatCompletionOptions c:
                    SetKey(c, key);
                    break;
            }

            return raw;
        };
#pragma warning restore OPENAI001
        return sent;
    }

#pragma warning disable SCME0001 // JsonPatch is marked for evaluation; it is how the SDK sends a field it has no property for.
    private static void SetKey(ChatCompletionOptions options, string key)
    {
        if (!options.Patch.Contains(s_keyPath))
        {
            options.Patch.Set(s_keyPath, key);
        }
    }
#pragma warning restore SCME0001
}
