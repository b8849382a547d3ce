namespace LlmLint.Evaluation;

/// <summary>
/// The one CSV reader of the evaluation datasets (RouteLLM replays, cache pairs, banking77, distillation sets): RFC 4180 —
/// a field that starts with a quote may hold commas, doubled quotes and line breaks; a quote inside an unquoted field is a
/// character.
/// </summary>
internal static class Csv
{
    /// <summary>Reads every record.</summary>
    /// <exception cref="FormatException">A quoted field is not closed (the message names the source and line).</exception>
    public static List<string[]> Read(TextReader reader, string source)
    {
        List<(int Line, string[] Fields)> records = ReadWithLines(reader, source);
        var rows = new List<string[]>(records.Count);
        foreach ((_, string[] fields) in records)
        {
            rows.Add(fields);
        }

        return rows;
    }

    /// <summary>Reads every record with the line it starts on (1-based).</summary>
    /// <exception cref="FormatException">A quoted field is not closed (the message names the source and line).</exception>
    public static List<(int Line, string[] Fields)> ReadWithLines(TextReader reader, string source)
    {
        var rows = new List<(int Line, string[] Fields)>();
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false, any = false;
        int line = 1, recordLine = 1;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            char ch = (char)c;
            any = true;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (ch == '\n')
                    {
                        line++;
                    }

                    field.Append(ch);
                }

                continue;
            }

            switch (ch)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    line++;
                    fields.Add(field.ToString());
                    field.Clear();
                    rows.Add((recordLine, fields.ToArray()));
                    fields.Clear();
                    recordLine = line;
                    any = false;
                    break;
                default:
                    field.Append(ch);
                    break;
            }
        }

        if (quoted)
        {
            throw new FormatException($"{source}: unterminated quoted field at line {line}.");
        }

        if (any)
        {
            fields.Add(field.ToString());
            rows.Add((recordLine, fields.ToArray()));
        }

        return rows;
    }
}
