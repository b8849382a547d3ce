namespace LlmLint;

/// <summary>
/// States how often the LLM calls in a method or type run, so cost reports can estimate monthly spend.
/// Without it, reports use the default volume (the <c>LlmLintDefaultCallsPerDay</c> property, 1,000 calls per day).
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Constructor | AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class CallVolumeAttribute : Attribute
{
    /// <summary>Initializes a new instance of the <see cref="CallVolumeAttribute"/> class.</summary>
    /// <param name="perDay">The expected number of calls per day.</param>
    public CallVolumeAttribute(double perDay)
    {
        if (!(perDay >= 0) || double.IsInfinity(perDay))
        {
            throw new ArgumentOutOfRangeException(nameof(perDay), perDay, "The call volume must be a finite number of calls per day, zero or more.");
        }

        PerDay = perDay;
    }

    /// <summary>Gets the expected number of calls per day.</summary>
    public double PerDay { get; }
}
