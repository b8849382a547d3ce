using System.Text;
using LlmLint.Caching;

namespace LlmLint.SemanticCache;

/// <summary>
/// What a semantic lookup compares: the key text (compared by meaning), the part of it the embedding model sees, and the
/// partition, which holds everything else that changes the answer as an exact hash.
/// </summary>
/// <remarks>
/// The context hash covers, through <see cref="CacheKey"/>'s canonical form: every message before the last user turn (the
/// conversation, system prompts included), the last user turn's non-text content (images, files), the instructions, the
/// response format and schema, the tools (name, description, parameter schema), tool mode, reasoning options, the other
/// sampling options and provider-specific options, the temperature by class (unset, 0, up to 0.7, above 0.7) and, for a key
/// text longer than the embedding window, everything before its final sentences (which alone are embedded). The model is
/// the partition's tier.
/// </remarks>
/// <param name="KeyText">The whole key text (what guards and verifiers compare).</param>
/// <param name="EmbeddedText">The part of the key text that is embedded: all of it, or its last window of words.</param>
/// <param name="Partition">The partition: tenant, function and context hash, tier.</param>
internal readonly record struct SemanticRequestKey(string KeyText, string EmbeddedText, SemanticPartition Partition)
{
    /// <summary>The fewest words of a long key text that are embedded (its final sentences).</summary>
    public const int MinQuestionWords = 4;

    /// <summary>Gets the in-process single-flight key: the partition and the normalised key text.</summary>
    public string FlightKey => Partition.ToString() + "\u001f" + Normalize(KeyText);

    /// <summary>Builds the key of a call, or <see langword="null"/> when it has no key text.</summary>
    /// <param name="messages">The messages.</param>
    /// <param name="options">The chat options.</param>
    /// <param name="explicitKeyText">The caller's key text (<see cref="SemanticCacheOptions.SemanticKeyProperty"/>), if any.</param>
    /// <param name="tenant">The tenant.</param>
    /// <param name="function">The caller's function id (<see cref="SemanticCacheOptions.FunctionProperty"/>), if any.</param>
    /// <param name="tier">The tier or model.</param>
    /// <param name="windowWords">The embedding window in words.</param>
    /// <param name="fitsWindow">Whether the embedding model reads a text whole (its tokens within the model's window); <see langword="null"/> when the model does not say.</param>
    /// <returns>The key, or <see langword="null"/>.</returns>
    public static SemanticRequestKey? Create(IList<ChatMessage> messages, ChatOptions? options, string? explicitKeyText, string tenant, string? function, string tier, int windowWords, Func<string, bool>? fitsWindow = null)
    {
        int lastUser = -1;
        for (int i = messages.Count - 1; i >= 0; i--)
        {
            if (messages[i].Role == ChatRole.User)
            {
                lastUser = i;
                break;
            }
        }

        string? keyText = explicitKeyText ?? (lastUser >= 0 ? messages[lastUser].Text : null);
        if (string.IsNullOrWhiteSpace(keyText))
        {
            return null;
        }

        (string head, string embedded) = Split(keyText, windowWords, fitsWindow);
        var context = new List<ChatMessage>(messages.Count);
        for (int i = 0; i < messages.Count; i++)
        {
            if (i != lastUser)
            {
                context.Add(messages[i]);
                continue;
            }

            // The last user turn: its text is the key text; anything else in it (images, files) must match exactly.
            var rest = new List<AIContent>();
            foreach (AIContent content in messages[i].Contents)
            {
                if (content is not TextContent)
                {
                    rest.Add(content);
                }
            }

            context.Add(new ChatMessage(ChatRole.User, rest) { AuthorName = messages[i].AuthorName });
        }

        if (head.Length > 0)
        {
            context.Add(new ChatMessage(new ChatRole("llmlint.beyond_window"), head));
        }

        string hash = CacheKey.Compute(context, WithTemperatureClass(options), tenant: null);
        string partitionFunction = (function ?? "prompt") + "#ctx:" + hash.AsSpan(3, 24).ToString();
        return new SemanticRequestKey(keyText, embedded, new SemanticPartition(tenant, partitionFunction, tier));
    }

    /// <summary>Lower-cases, collapses white space and drops trailing punctuation: requests equal under this are the same request.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The normalised text.</returns>
    public static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        bool space = false;
        foreach (char c in text.AsSpan().Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space && builder.Length > 0)
            {
                builder.Append(' ');
            }

            space = false;
            builder.Append(char.ToLowerInvariant(c));
        }

        while (builder.Length > 0 && builder[^1] is '?' or '.' or '!' or ' ')
        {
            builder.Length--;
        }

        return builder.ToString();
    }

    /// <summary>
    /// The part of a key text that must match exactly (empty for a text within the window) and the part that is embedded,
    /// as the middleware splits it.
    /// </summary>
    /// <param name="keyText">The key text.</param>
    /// <param name="windowWords">The embedding window in words (<see cref="SemanticCacheOptions.EmbeddingWindowWords"/>).</param>
    /// <param name="fitsWindow">Whether the embedding model reads a text whole; <see langword="null"/> to trust the word window.</param>
    /// <returns>The exact part and the embedded part.</returns>
    /// <remarks>
    /// A window of words can hold more tokens than the model reads (numbers, ids, rare words), and the model would then drop
    /// the end of the text — where the question is. The window shrinks until the model reads the embedded part whole; when
    /// not even one word fits, the whole key text must match exactly.
    /// </remarks>
    internal static (string Head, string Embedded) Split(string keyText, int windowWords, Func<string, bool>? fitsWindow = null)
    {
        int window = Math.Max(1, windowWords);
        (string head, string tail) = SplitAtWindow(keyText, window);
        while (fitsWindow is not null && !fitsWindow(tail))
        {
            if (window == 1)
            {
                return (keyText, tail);
            }

            window = Math.Max(1, window * 3 / 4);
            (head, tail) = SplitAtWindow(keyText, window);
        }

        return (head, tail);
    }

    /// <summary>
    /// Splits a key text longer than the window: its final sentences (at least <see cref="MinQuestionWords"/> words, at most
    /// the window) are embedded, and everything before them must match exactly. A short key text is embedded whole.
    /// </summary>
    private static (string Head, string Tail) SplitAtWindow(string text, int windowWords)
    {
        if (WordsAfter(text, 0) <= windowWords)
        {
            return (string.Empty, text);
        }

        int end = text.AsSpan().TrimEnd().Length - 1; // the question's own terminator is not a boundary
        for (int i = end - 1; i > 0; i--)
        {
            if (text[i] is '.' or '?' or '!' or '\n' && char.IsWhiteSpace(text[i + 1]))
            {
                int words = WordsAfter(text, i + 1);
                if (words > windowWords)
                {
                    break;
                }

                if (words >= MinQuestionWords)
                {
                    return (text[..(i + 1)], text[(i + 1)..].Trim());
                }
            }
        }

        // No sentence boundary within the window: its last words are embedded.
        int start = StartOfLastWords(text, windowWords);
        return (text[..start], text[start..].Trim());
    }

    private static int WordsAfter(string text, int start)
    {
        int words = 0;
        bool inWord = false;
        for (int i = start; i < text.Length; i++)
        {
            bool space = char.IsWhiteSpace(text[i]);
            words += !space && !inWord ? 1 : 0;
            inWord = !space;
        }

        return words;
    }

    private static int StartOfLastWords(string text, int count)
    {
        int words = 0;
        for (int i = text.Length - 1; i > 0; i--)
        {
            if (!char.IsWhiteSpace(text[i]) && char.IsWhiteSpace(text[i - 1]) && ++words == count)
            {
                return i;
            }
        }

        return 0;
    }

    /// <summary>The options as keyed: the temperature replaced by its class, the model left to the partition's tier.</summary>
    private static ChatOptions? WithTemperatureClass(ChatOptions? options)
    {
        if (options is null)
        {
            return null;
        }

        ChatOptions keyed = options.Clone();
        keyed.ModelId = null;
        keyed.Temperature = options.Temperature switch
        {
            null => null,
            <= 0f => 0f,
            <= 0.7f => 0.5f,
            _ => 1f,
        };
        return keyed;
    }
}
