namespace LlmLint.Generators;

/// <summary>A small source writer that indents by four spaces per level and writes <c>\n</c> line endings.</summary>
internal sealed class IndentedWriter
{
    private readonly StringBuilder builder = new();
    private int indent;

    public IndentedWriter Line(string text = "")
    {
        if (text.Length > 0)
        {
            builder.Append(' ', indent * 4).Append(text);
        }

        builder.Append('\n');
        return this;
    }

    public IndentedWriter Open(string text = "{")
    {
        Line(text);
        indent++;
        return this;
    }

    public IndentedWriter Close(string text = "}")
    {
        indent--;
        return Line(text);
    }

    public override string ToString() => builder.ToString();
}
