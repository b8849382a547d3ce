namespace LlmLint.Analyzers.CallSites
{
    internal static class SchemaSupport
    {
        /// <summary>Counts the keys of the first <c>"properties"</c> object of a JSON schema text; null when unreadable.</summary>
        public static int? CountTopLevelProperties(string schema)
        {
            int at = schema.IndexOf("\"properties\"", System.StringComparison.Ordinal);
            if (at < 0)
            {
                return null;
            }

            int open = schema.IndexOf('{', at);
            if (open < 0)
            {
                return null;
            }

            int depth = 0;
            int count = 0;
            bool inString = false;
            bool expectKey = true;
            for (int i = open; i < schema.Length; i++)
            {
                char c = schema[i];
                if (inString)
                {
                    if (c == '\\')
                    {
                        i++;
                    }
                    else if (c == '"')
                    {
                        inString = false;
                    }

                    continue;
                }

                switch (c)
                {
                    case '"':
                        inString = true;
                        if (depth == 1 && expectKey)
                        {
                            count++;
                            expectKey = false;
                        }

                        break;
                    case '{':
                    case '[':
                        depth++;
                        break;
                    case '}':
                    case ']':
                        depth--;
                        if (depth == 0)
                        {
                            return count;
                        }

                        break;
                    case ',':
                        if (depth == 1)
                        {
                            expectKey = true;
                        }

                        break;
                }
            }

            return null;
        }
    }
}
