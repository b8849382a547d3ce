namespace LlmLint.Caching;

/// <summary>
/// Encrypts what a cache stores at rest: the exact cache's answers, the semantic cache's key texts and answers.
/// <see cref="DataProtectionCacheProtector"/> adapts ASP.NET Core Data Protection; implement this interface for another
/// key-management system.
/// </summary>
/// <remarks>Implementations are thread-safe. <see cref="Unprotect"/> throws when the data was not protected by the same keys
/// (or was altered): the cache then treats the entry as unreadable, skips it, counts it and removes it.</remarks>
public interface ICacheProtector
{
    /// <summary>Encrypts and authenticates <paramref name="plaintext"/>.</summary>
    /// <param name="plaintext">The bytes to protect.</param>
    /// <returns>The protected bytes.</returns>
    byte[] Protect(ReadOnlySpan<byte> plaintext);

    /// <summary>Verifies and decrypts bytes produced by <see cref="Protect"/>.</summary>
    /// <param name="protectedData">The protected bytes.</param>
    /// <returns>The plaintext.</returns>
    byte[] Unprotect(ReadOnlySpan<byte> protectedData);
}
