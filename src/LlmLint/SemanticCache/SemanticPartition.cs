namespace LlmLint.SemanticCache;

/// <summary>
/// The mandatory scope of a semantic-cache entry: tenant, function (or template hash) and tier. Every partition has its
/// own index, so an entry stored under one partition can never be returned for another.
/// </summary>
public readonly record struct SemanticPartition
{
    /// <summary>Initializes a new instance of the <see cref="SemanticPartition"/> struct.</summary>
    /// <param name="tenant">The tenant (use a fixed value such as <c>"default"</c> for single-tenant applications).</param>
    /// <param name="function">The function identity and/or prompt-template hash.</param>
    /// <param name="tier">The tier or model that produced the answers.</param>
    public SemanticPartition(string tenant, string function, string tier)
    {
        Tenant = Check(tenant, nameof(tenant));
        Function = Check(function, nameof(function));
        Tier = Check(tier, nameof(tier));
    }

    /// <summary>Gets the tenant.</summary>
    public string Tenant { get; }

    /// <summary>Gets the function identity and/or template hash.</summary>
    public string Function { get; }

    /// <summary>Gets the tier or model.</summary>
    public string Tier { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Tenant}/{Function}/{Tier}";

    internal static void Validate(SemanticPartition partition, string paramName)
    {
        if (partition.Tenant is null)
        {
            throw new ArgumentException("The partition is default(SemanticPartition); tenant, function and tier are mandatory.", paramName);
        }
    }

    private static string Check(string value, string paramName)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        if (value.Length == 0)
        {
            throw new ArgumentException("A semantic partition part must not be empty.", paramName);
        }

        return value;
    }
}
