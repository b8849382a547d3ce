namespace LlmLint.SemanticCache.Calibration;

/// <summary>
/// What a calibrated threshold belongs to: tenant, function (without the context hash of the partition, so every
/// conversation of one function shares its outcomes) and tier. Looked up from a partition without allocating.
/// </summary>
internal readonly struct CalibrationScope
{
    private const string ContextMarker = "#ctx:";

    private CalibrationScope(string tenant, string function, int functionLength, string tier)
    {
        Tenant = tenant;
        Function = function;
        FunctionLength = functionLength;
        Tier = tier;
    }

    public string Tenant { get; }

    public string Function { get; }

    public int FunctionLength { get; }

    public string Tier { get; }

    public ReadOnlySpan<char> FunctionName => Function.AsSpan(0, FunctionLength);

    /// <summary>Gets the scope of a partition (no allocation).</summary>
    /// <param name="partition">The partition.</param>
    /// <returns>The scope.</returns>
    public static CalibrationScope Of(SemanticPartition partition)
    {
        int marker = partition.Function.IndexOf(ContextMarker, StringComparison.Ordinal);
        return new CalibrationScope(partition.Tenant, partition.Function, marker < 0 ? partition.Function.Length : marker, partition.Tier);
    }

    /// <summary>Gets a copy that keeps only the function name (kept as a dictionary key).</summary>
    /// <returns>The owned scope.</returns>
    public CalibrationScope Owned()
        => FunctionLength == Function.Length ? this : new CalibrationScope(Tenant, Function[..FunctionLength], FunctionLength, Tier);

    /// <inheritdoc/>
    public override string ToString() => $"{Tenant}/{FunctionName.ToString()}/{Tier}";

    /// <summary>Compares scopes by tenant, function name and tier.</summary>
    public sealed class Comparer : IEqualityComparer<CalibrationScope>
    {
        public static readonly Comparer Instance = new();

        public bool Equals(CalibrationScope x, CalibrationScope y)
            => string.Equals(x.Tenant, y.Tenant, StringComparison.Ordinal)
               && string.Equals(x.Tier, y.Tier, StringComparison.Ordinal)
               && x.FunctionName.SequenceEqual(y.FunctionName);

        public int GetHashCode(CalibrationScope scope)
            => HashCode.Combine(scope.Tenant.GetHashCode(StringComparison.Ordinal), string.GetHashCode(scope.FunctionName, StringComparison.Ordinal), scope.Tier.GetHashCode(StringComparison.Ordinal));
    }
}
