using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace LlmLint.Caching;

/// <summary>
/// Reads a cached answer, shared by the exact and the semantic cache. An entry that does not parse (bad JSON, a blank role
/// or finish reason) or holds no content (<c>{}</c>, no messages) is unreadable: <see langword="null"/>, never an exception
/// and never an empty answer.
/// </summary>
internal static class CachedResponseReader
{
    private static readonly JsonTypeInfo<ChatResponse> s_info = (JsonTypeInfo<ChatResponse>)AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ChatResponse));

    /// <summary>Parses <paramref name="payload"/>; <see langword="null"/> when it is not a readable answer with content.</summary>
    /// <param name="payload">The stored bytes (already decrypted).</param>
    /// <returns>The answer, or <see langword="null"/>.</returns>
    public static ChatResponse? TryRead(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return null;
        }

        ChatResponse? response;
        try
        {
            response = JsonSerializer.Deserialize(payload, s_info);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException or NotSupportedException or FormatException)
        {
            return null;
        }

        if (response is null)
        {
            return null;
        }

        foreach (ChatMessage message in response.Messages)
        {
            if (message.Contents.Count > 0)
            {
                return response;
            }
        }

        return null;
    }

    /// <summary>Decrypts (when a protector is set) and reads a stored answer; <see langword="null"/> when either step fails.</summary>
    /// <param name="stored">The stored bytes.</param>
    /// <param name="protector">The protector, or <see langword="null"/>.</param>
    /// <returns>The answer, or <see langword="null"/>.</returns>
    public static ChatResponse? TryRead(ReadOnlySpan<byte> stored, ICacheProtector? protector)
    {
        if (protector is null)
        {
            return TryRead(stored);
        }

        byte[] plain;
        try
        {
            plain = protector.Unprotect(stored);
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or FormatException or ArgumentException)
        {
            return null; // written under another key, without protection, or altered
        }

        return TryRead(plain);
    }
}
