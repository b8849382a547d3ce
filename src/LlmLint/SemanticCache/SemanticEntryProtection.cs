using System.Text;
using LlmLint.Caching;

namespace LlmLint.SemanticCache;

/// <summary>
/// Encryption at rest of semantic-cache entries: with an <see cref="ICacheProtector"/>, the stored key text is
/// <c>"p1:" + base64(protect(UTF-8 key text))</c> and the payload is protected; both are decrypted when read, so guards and
/// verifiers compare plain text. Embeddings, partitions and tags stay in the clear (they are needed to search).
/// </summary>
internal static class SemanticEntryProtection
{
    private const string Prefix = "p1:";

    /// <summary>Protects a key text and payload for storage (unchanged without a protector).</summary>
    /// <param name="keyText">The key text.</param>
    /// <param name="payload">The serialised answer.</param>
    /// <param name="protector">The protector, or <see langword="null"/>.</param>
    /// <returns>What to store.</returns>
    public static (string KeyText, byte[] Payload) Seal(string keyText, byte[] payload, ICacheProtector? protector)
        => protector is null
            ? (keyText, payload)
            : (Prefix + Convert.ToBase64String(protector.Protect(Encoding.UTF8.GetBytes(keyText))), protector.Protect(payload));

    /// <summary>Decrypts a stored entry; <see langword="null"/> when it cannot be (another key, altered, or stored without protection).</summary>
    /// <param name="entry">The stored entry.</param>
    /// <param name="protector">The protector, or <see langword="null"/> (the entry is returned as is).</param>
    /// <returns>The entry with plain key text and payload, or <see langword="null"/>.</returns>
    public static SemanticSearchResult? TryOpen(SemanticSearchResult entry, ICacheProtector? protector)
    {
        if (protector is null)
        {
            return entry;
        }

        if (!entry.KeyText.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null; // plain text at rest while protection is on: evicted
        }

        try
        {
            string keyText = Encoding.UTF8.GetString(protector.Unprotect(Convert.FromBase64String(entry.KeyText[Prefix.Length..])));
            byte[] payload = protector.Unprotect(entry.Payload.Span);
            return new SemanticSearchResult(entry.Id, entry.Partition, keyText, payload, entry.Tags, entry.ExpiresAt, entry.Similarity);
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or FormatException or ArgumentException)
        {
            return null;
        }
    }
}
