using System.Text;

namespace LlmLint.Cli.Output;

/// <summary>
/// Text from code (model ids, messages, paths) made inert in GitHub-flavoured Markdown: HTML is escaped (a model id
/// <c>&lt;script&gt;</c> stays text), emphasis, links and table pipes are backslash-escaped, and line breaks become spaces.
/// </summary>
internal static class MarkdownText
{
    /// <summary>Text for a table cell or a list item.</summary>
    public static string Cell(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var sb = new StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '\r':
                case '\n': sb.Append(' '); break;
                case '\\': case '`': case '*': case '_': case '[': case ']': case '|': case '#': case '~': case '!':
                    sb.Append('\\').Append(c);
                    break;
                default: sb.Append(c); break;
            }
        }

        return sb.ToString();
    }

    /// <summary>A code span: backticks in the text get a longer fence, pipes are escaped for tables, line breaks become spaces.</summary>
    public static string Code(string? text)
    {
        string body = (text ?? "").Replace("\r", " ").Replace("\n", " ").Replace("|", "\\|");
        string fence = body.Contains('`') ? "``" : "`";
        string pad = body.StartsWith('`') || body.EndsWith('`') ? " " : "";
        return fence + pad + body + pad + fence;
    }

    /// <summary>A link to <paramref name="url"/> labelled <paramref name="label"/> (escaped), or the escaped label alone.</summary>
    public static string Link(string label, string? url) => url is null ? Cell(label) : "[" + Cell(label) + "](" + url + ")";
}
