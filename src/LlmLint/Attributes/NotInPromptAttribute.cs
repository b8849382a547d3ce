namespace LlmLint;

/// <summary>Marks a parameter of a generated LLM function that is deliberately not used in the prompt template.</summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class NotInPromptAttribute : Attribute
{
}
