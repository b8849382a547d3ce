namespace LlmLint.Caching;

/// <summary>
/// Supplies the tenant/partition of the current call. The tenant is part of every cache key, so an answer cached for one
/// tenant is never served to another. Implementations are thread-safe (typically they read an ambient context).
/// </summary>
public interface ILlmTenantProvider
{
    /// <summary>Gets the current tenant, or <see langword="null"/> for the shared partition.</summary>
    /// <returns>The tenant.</returns>
    string? GetTenant();
}

/// <summary>An <see cref="ILlmTenantProvider"/> over a delegate.</summary>
public sealed class DelegateTenantProvider : ILlmTenantProvider
{
    private readonly Func<string?> _getTenant;

    /// <summary>Initializes a new instance of the <see cref="DelegateTenantProvider"/> class.</summary>
    /// <param name="getTenant">Returns the current tenant.</param>
    public DelegateTenantProvider(Func<string?> getTenant)
    {
        ArgumentNullException.ThrowIfNull(getTenant);
        _getTenant = getTenant;
    }

    /// <inheritdoc />
    public string? GetTenant() => _getTenant();
}
