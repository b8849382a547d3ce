namespace LlmLint;

/// <summary>Sends every call of a generated LLM function to the client registered for <see cref="Tier"/>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class RouteAttribute : Attribute
{
    /// <summary>Initializes a new instance of the <see cref="RouteAttribute"/> class.</summary>
    /// <param name="tier">The tier whose client answers the calls.</param>
    public RouteAttribute(Tier tier) => Tier = tier;

    /// <summary>Gets the tier whose client answers the calls.</summary>
    public Tier Tier { get; }
}
