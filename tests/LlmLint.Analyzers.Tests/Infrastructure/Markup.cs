using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace LlmLint.Analyzers.Tests.Infrastructure;

/// <summary>An expected diagnostic from markup: <c>{|LLM2001:text|}</c>.</summary>
public readonly record struct ExpectedSpan(string Id, TextSpan Span);

/// <summary>Parses <c>{|ID:text|}</c> markup (not nested) into clean source and expected spans.</summary>
public static class Markup
{
    public static (string Source, List<ExpectedSpan> Expected) Parse(string markup)
    {
        var sb = new StringBuilder(markup.Length);
        var expected = new List<ExpectedSpan>();
        int i = 0;
        while (i < markup.Length)
        {
            int open = markup.IndexOf("{|", i, StringComparison.Ordinal);
            if (open < 0)
            {
                sb.Append(markup, i, markup.Length - i);
                break;
            }

            int colon = markup.IndexOf(':', open + 2);
            int close = markup.IndexOf("|}", open + 2, StringComparison.Ordinal);
            if (colon < 0 || close < 0 || colon > close)
            {
                throw new FormatException($"Unterminated diagnostic markup at offset {open}.");
            }

            int nestedOpen = markup.IndexOf("{|", open + 2, StringComparison.Ordinal);
            if (nestedOpen >= 0 && nestedOpen < close)
            {
                throw new FormatException($"Nested diagnostic markup at offset {nestedOpen} is not supported.");
            }

            sb.Append(markup, i, open - i);
            string id = markup.Substring(open + 2, colon - open - 2);
            int start = sb.Length;
            sb.Append(markup, colon + 1, close - colon - 1);
            expected.Add(new ExpectedSpan(id, TextSpan.FromBounds(start, sb.Length)));
            i = close + 2;
        }

        return (sb.ToString(), expected);
    }
}
