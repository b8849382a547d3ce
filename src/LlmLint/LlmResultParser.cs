using System.Diagnostics.CodeAnalysis;

namespace LlmLint;

/// <summary>Parses and validates the text of an answer into a typed result.</summary>
/// <typeparam name="T">The result type.</typeparam>
/// <param name="text">The answer text.</param>
/// <param name="value">The parsed value, when the answer is valid.</param>
/// <param name="error">Why the answer is not valid, when it is not.</param>
/// <returns><see langword="true"/> when the answer parsed and passed validation.</returns>
public delegate bool LlmResultParser<T>(string text, [MaybeNullWhen(false)] out T value, out string? error);
