using System.Text;

namespace LlmLint.Corpus;

/// <summary>Reads the corpus CSV files (RFC 4180: quoted fields, doubled quotes, commas inside quotes).</summary>
internal static class CsvFile
{
    public static List<Dictionary<string, string>> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new HarnessException($"The corpus file '{path}' does not exist.");
        }

        var rows = Parse(File.ReadAllText(path));
        if (rows.Count == 0)
        {
            throw new HarnessException($"The corpus file '{path}' is empty (a header row is required).");
        }

        var header = rows[0];
        var result = new List<Dictionary<string, string>>();
        for (var i = 1; i < rows.Count; i++)
        {
            if (rows[i].Count == 1 && rows[i][0].Length == 0)
            {
                continue;
            }

            if (rows[i].Count != header.Count)
            {
                throw new HarnessException($"{path}: row {i + 1} has {rows[i].Count} fields, the header has {header.Count}.");
            }

            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var c = 0; c < header.Count; c++)
            {
                row[header[c]] = rows[i][c];
            }

            result.Add(row);
        }

        return result;
    }

    private static List<List<string>> Parse(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (ch == '\n')
            {
                row.Add(field.ToString().TrimEnd('\r'));
                field.Clear();
                rows.Add(row);
                row = new List<string>();
            }
            else
            {
                field.Append(ch);
            }
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add(row);
        }

        return rows;
    }
}
