namespace LlmLint;

/// <summary>
/// Marks a <c>partial</c> method whose implementation LlmLint generates: the template is rendered with the method's
/// parameters, sent to the runtime, and the answer is parsed into the method's return type.
/// </summary>
/// <remarks>
/// Placeholders are parameter names in braces: <c>{ticket}</c>. A format specifier follows a colon: <c>{amount:N2}</c>
/// (formatted with the invariant culture). <c>{{</c> and <c>}}</c> render literal braces.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class PromptAttribute : Attribute
{
    /// <summary>Initializes a new instance of the <see cref="PromptAttribute"/> class.</summary>
    /// <param name="template">The user-message template.</param>
    public PromptAttribute(string template) => Template = template;

    /// <summary>Gets the user-message template.</summary>
    public string Template { get; }

    /// <summary>Gets or sets an optional system message sent before the rendered template.</summary>
    public string? System { get; set; }

    /// <summary>Gets or sets the maximum number of output tokens; 0 lets the generator choose from the return type.</summary>
    public int MaxOutputTokens { get; set; }

    /// <summary>Gets or sets the sampling temperature; a negative value (the default) leaves it to the provider.</summary>
    public double Temperature { get; set; } = -1;
}
