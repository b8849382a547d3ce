using Microsoft.AspNetCore.DataProtection;

namespace LlmLint.Caching;

/// <summary>
/// An <see cref="ICacheProtector"/> on ASP.NET Core Data Protection: pass
/// <c>provider.CreateProtector("LlmLint.Cache")</c> (key storage, rotation and encryption at rest of the key ring are
/// configured on the provider, as for any Data Protection purpose).
/// </summary>
/// <remarks>Thread-safe (as <see cref="IDataProtector"/> is).</remarks>
public sealed class DataProtectionCacheProtector : ICacheProtector
{
    private readonly IDataProtector _protector;

    /// <summary>Initializes a new instance of the <see cref="DataProtectionCacheProtector"/> class.</summary>
    /// <param name="protector">The protector, for example <c>provider.CreateProtector("LlmLint.Cache")</c>.</param>
    public DataProtectionCacheProtector(IDataProtector protector) => _protector = protector ?? throw new ArgumentNullException(nameof(protector));

    /// <inheritdoc/>
    public byte[] Protect(ReadOnlySpan<byte> plaintext) => _protector.Protect(plaintext.ToArray());

    /// <inheritdoc/>
    public byte[] Unprotect(ReadOnlySpan<byte> protectedData) => _protector.Unprotect(protectedData.ToArray());
}
